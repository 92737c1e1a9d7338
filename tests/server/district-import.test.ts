import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { DistrictReport } from '../../shared/district-import.ts';
import { openSqliteStore } from '../../server/store/sqlite-store.ts';
import {
  encode,
  gridCode,
  gridRows,
  shapefileZip,
  smallDistrict,
  withoutGrid
} from '../fixtures/district-files.ts';

/** `npm run district:import`: the real CLI in a child process, on files written to a temporary folder. */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'gridwatch-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

function cli(...args: string[]) {
  return cliIn(dir, ...args);
}

/** `dataDir` without a store: the file is checked against the reference district, and nothing is kept */
function cliIn(dataDir: string, ...args: string[]) {
  const r = spawnSync(join(ROOT, 'node_modules/.bin/tsx'), ['server/district-import.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir },
    encoding: 'utf8',
    timeout: 60_000
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('district:import CLI', () => {
  it('keeps a clean file as the version in force with --apply, with its note, and audits it', async () => {
    const dataDir = mkdtempSync(join(dir, 'data-'));
    const r = cliIn(
      dataDir,
      file('apply.geojson', encode(smallDistrict())),
      '--apply',
      '--note',
      '年度调整'
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/as district version 2/);
    const store = openSqliteStore(join(dataDir, 'gridwatch.sqlite'));
    try {
      const [v2, v1] = await store.districtVersions();
      expect(v1).toMatchObject({ id: 1, actor: 'system', current: false });
      expect(v2).toMatchObject({ id: 2, current: true, source: 'apply.geojson', note: '年度调整' });
      expect(v2.actor).toMatch(/^cli:/);
      expect(v2.counts.comprehensive).toBe(16);
      const audit = await store.auditLog(5);
      expect(audit.map((a) => [a.action, a.target])).toContainEqual(['district.apply', 'v2']);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('keeps nothing with --apply when the file has errors', async () => {
    const dataDir = mkdtempSync(join(dir, 'data-'));
    const holed = withoutGrid(smallDistrict(), gridCode(1, 1));
    const r = cliIn(dataDir, file('holed-apply.geojson', encode(holed)), '--apply');
    expect(r.code).toBe(1);
    expect(existsSync(join(dataDir, 'gridwatch.sqlite'))).toBe(false);
  }, 60_000);

  it('prints exactly the report as JSON and exits 0 for a clean district', () => {
    const r = cli(file('clean.geojson', encode(smallDistrict())), '--dry-run', '--json');
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as DistrictReport;
    expect(report).toEqual({
      ok: true,
      counts: { comprehensive: 16, specialised: 1, towns: 2, communities: 4 },
      problems: []
    });
  }, 60_000);

  it('exits 1 for a district with a gap, and the JSON names the gap', () => {
    const holed = withoutGrid(smallDistrict(), gridCode(1, 1));
    const r = cli(file('holed.geojson', encode(holed)), '--dry-run', '--json', '--sliver-m2', '5');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as DistrictReport;
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p.kind)).toEqual(['gap']);
  }, 60_000);

  it('prints a readable summary of a shapefile: layer, coordinate system, encoding, fields', () => {
    const r = cli(
      file('网格.zip', shapefileZip(gridRows(smallDistrict()))),
      '--dry-run',
      '--code-field',
      '网格编码'
    );
    expect(r.stdout).toMatch(
      /网格\.zip: shapefile 网格\.shp, 17 features, CGCS2000 3-degree Gauss–Krüger CM 120E \(EPSG:4549\) \(prj\)/
    );
    expect(r.stdout).toMatch(/text: gbk \(no \.cpg/);
    expect(r.stdout).toMatch(/fields: 网格编码, 网格名称, 所属镇街, 网格类型/);
    // over the whole of Gaochun, 16 small grids leave most of it uncovered
    expect(r.stdout).toMatch(/NOT OK/);
    expect(r.code).toBe(1);
  }, 60_000);

  it('exits 2 with the usage for a missing file, a bad option, an unknown flag, or neither --dry-run nor --apply', () => {
    const clean = file('again.geojson', encode(smallDistrict()));
    for (const args of [
      [join(dir, 'none.geojson'), '--dry-run'],
      [clean, '--crs', 'EPSG:abc', '--dry-run'],
      [clean, '--bogus'],
      [clean]
    ]) {
      const r = cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/usage: npm run district:import/);
    }
  }, 120_000);
});
