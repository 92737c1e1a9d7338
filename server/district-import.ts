import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { Value } from '@sinclair/typebox/value';
import { ImportOptions, type DistrictProblem } from '../shared/district-import.ts';
import { prepareImport, type ImportSource } from '../geo/district-import/index.ts';
import type { DistrictCollection } from '../shared/district.ts';
import { loadDistrict } from './district.ts';
import { cliActor, openCliDistricts } from './district/apply-cli.ts';

/**
 * `npm run district:import -- <file> [options] --dry-run|--apply [--json]`: reads a district file (GeoJSON, or a
 * zipped shapefile), checks it against the district in force (the store's under DATA_DIR when there is one, else
 * the reference gaochun.json) and prints the report; --apply then keeps it as a new version. Exit codes: 0 when
 * the district has no errors (and, with --apply, was applied), 1 otherwise, 2 for a usage error. With --json,
 * stdout is exactly the DistrictReport.
 */

const USAGE = `usage: npm run district:import -- <file.zip|file.geojson> [options] --dry-run|--apply [--json]

  --crs <crs>               wgs84, gcj02 or EPSG:<n> (default: the .prj, the GeoJSON crs, else WGS-84)
  --encoding <gbk|utf-8>    DBF text encoding when the zip has no .cpg
  --code-field <name>       attribute holding the grid code (default: code, 网格编码, …)
  --name-field <name>       … the grid name
  --kind-field <name>       … comprehensive/specialised (综合网格/专属网格)
  --town-field <name>       … the town, by code or name
  --community-field <name>  … the community, by code or name
  --sliver-m2 <m²>          gaps and overlaps smaller than this are warnings (default 10)
  --dry-run                 check and report only
  --apply                   check, then keep it as a new district version in DATA_DIR's store
  --note <text>             with --apply: why, for the version list (up to 200 characters)
  --json                    print the report as JSON`;

/** problems listed in the readable summary; --json has them all */
const LIST_MAX = 40;

const FLAGS = {
  crs: 'crs',
  encoding: 'encoding',
  'code-field': 'codeField',
  'name-field': 'nameField',
  'kind-field': 'kindField',
  'town-field': 'townField',
  'community-field': 'communityField'
} as const;

function usage(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(2);
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        crs: { type: 'string' },
        encoding: { type: 'string' },
        'code-field': { type: 'string' },
        'name-field': { type: 'string' },
        'kind-field': { type: 'string' },
        'town-field': { type: 'string' },
        'community-field': { type: 'string' },
        'sliver-m2': { type: 'string' },
        'dry-run': { type: 'boolean' },
        apply: { type: 'boolean' },
        note: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' }
      }
    });
  } catch (e) {
    usage(e instanceof Error ? e.message : String(e));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1) usage(`expected one file, got ${positionals.length}`);
  // a command that can change the district in force says which it does
  if (!values['dry-run'] === !values.apply)
    usage('say --dry-run to check only, or --apply to keep it');
  const note = values.note ?? '';
  if (note.length > 200) usage(`--note is ${note.length} characters; at most 200`);
  const options: Record<string, unknown> = {};
  for (const [flag, key] of Object.entries(FLAGS) as [keyof typeof FLAGS, string][])
    if (values[flag] !== undefined) options[key] = values[flag];
  if (values['sliver-m2'] !== undefined) options.sliverM2 = Number(values['sliver-m2']);
  if (!Value.Check(ImportOptions, options)) {
    const e = [...Value.Errors(ImportOptions, options)][0];
    usage(`bad option ${e.path.slice(1)}=${JSON.stringify(e.value)}: ${e.message}`);
  }

  const file = positionals[0];
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    usage(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const { current, retired } = await inForce();
  const { candidate, report, source } = prepareImport(
    bytes,
    options as ImportOptions,
    current,
    retired
  );

  if (values.json) process.stdout.write(`${JSON.stringify(report)}\n`);
  else process.stdout.write(summary(basename(file), source, report));
  if (!report.ok || !candidate) return 1;
  if (values['dry-run']) return 0;

  // ---- apply: the one place the CLI changes anything ----
  try {
    process.stderr.write(
      `${await applyFromCli(bytes, options as ImportOptions, basename(file), note)}\n`
    );
    return 0;
  } catch (e) {
    process.stderr.write(`cannot apply: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

/** The district a file is checked against: the store's version in force, else the reference district. */
async function inForce(): Promise<{ current: DistrictCollection; retired?: Set<string> }> {
  const districts = await openCliDistricts(false);
  if (!districts) return { current: loadDistrict().collection };
  try {
    return { current: districts.service.current, retired: await districts.service.retired() };
  } finally {
    await districts.close();
  }
}

/** Keeps the file as a new version in DATA_DIR's store (checked again there, against the version in force). */
async function applyFromCli(
  bytes: Uint8Array,
  options: ImportOptions,
  file: string,
  note: string
): Promise<string> {
  const districts = await openCliDistricts(true);
  if (!districts) throw new Error('no store under DATA_DIR');
  try {
    const { id, report } = await districts.service.prepare(bytes, options, file);
    if (!report.ok)
      throw new Error('the district in force changed meanwhile and the file no longer checks out');
    const v = await districts.service.apply(id, note, cliActor());
    return `applied ${file} as district version ${v.id}`;
  } finally {
    await districts.close();
  }
}

function summary(
  file: string,
  source: ImportSource | null,
  report: ReturnType<typeof prepareImport>['report']
): string {
  const lines: string[] = [];
  if (source) {
    const what = source.layer ? `${source.format} ${source.layer}` : source.format;
    lines.push(`${file}: ${what}, ${source.features} features, ${source.crs} (${source.crsFrom})`);
    if (source.encoding) lines.push(`text: ${source.encoding}`);
    if (source.fields.length) lines.push(`fields: ${source.fields.join(', ')}`);
    const c = report.counts;
    lines.push(
      `grids: ${c.comprehensive} comprehensive, ${c.specialised} specialised; ${c.towns} towns, ${c.communities} communities`
    );
  } else lines.push(`${file}: unreadable`);
  const errors = report.problems.filter((p) => p.severity === 'error').length;
  const warnings = report.problems.length - errors;
  lines.push(`problems: ${errors} errors, ${warnings} warnings`);
  for (const p of report.problems.slice(0, LIST_MAX)) lines.push(`  ${line(p)}`);
  if (report.problems.length > LIST_MAX)
    lines.push(`  … and ${report.problems.length - LIST_MAX} more (--json lists them all)`);
  lines.push(report.ok ? 'OK: no errors' : 'NOT OK: fix the errors above and import again');
  return `${lines.join('\n')}\n`;
}

function line(p: DistrictProblem): string {
  return `${p.severity.padEnd(7)} ${p.kind.padEnd(16)} ${p.message}`;
}

process.exitCode = await main();
