import { benchCoverage } from './coverage.ts';
import { benchDistrictCheck } from './district-check.ts';
import { benchIngest } from './ingest.ts';
import { benchKpi } from './kpi.ts';
import { benchNearest } from './nearest.ts';
import { benchRecommend } from './recommend.ts';
import { benchUnitAlerts } from './unit-alerts.ts';

/** `npm run bench`: prints measured figures; asserts nothing about time. */

console.log(`Gridwatch benchmarks — node ${process.version}, ${new Date().toISOString()}\n`);
benchNearest();
console.log();
benchRecommend();
console.log();
benchCoverage();
console.log();
benchUnitAlerts();
console.log();
await benchKpi();
console.log();
await benchIngest();
console.log();
benchDistrictCheck();
