/**
 * Writes geo/data/gaochun.json, the reference district: `npx tsx geo/build/main.ts`.
 * Deterministic: running it twice gives byte-identical output (tests/geo/district.test.ts checks this).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDistrict, serialize } from './district.ts';

const OUT = resolve(dirname(fileURLToPath(import.meta.url)), '../data/gaochun.json');

const started = performance.now();
const { collection, log } = buildDistrict();
const text = serialize(collection);
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, text);

for (const line of log) console.log(line);
const count = (pred: (p: (typeof collection.features)[number]['properties']) => boolean) =>
  collection.features.filter((f) => pred(f.properties)).length;
console.log(
  `wrote ${OUT}: ${(Buffer.byteLength(text) / 1024).toFixed(0)} KiB, ${count((p) => p.layer === 'town')} towns, ` +
    `${count((p) => p.layer === 'community')} communities, ${count((p) => p.gridKind === 'comprehensive')} comprehensive + ` +
    `${count((p) => p.gridKind === 'specialised')} specialised grids in ${((performance.now() - started) / 1000).toFixed(1)} s`
);
