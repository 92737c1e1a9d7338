import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { DistrictReport } from '../../shared/district-import.ts';
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
  const r = spawnSync(join(ROOT, 'node_modules/.bin/tsx'), ['server/district-import.ts', ...args], {
    cwd: ROOT,
    // an empty DATA_DIR: the file is checked against the reference district, and nothing is kept
    env: { ...process.env, DATA_DIR: dir },
    encoding: 'utf8',
    timeout: 60_000
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('district:import CLI', () => {
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
