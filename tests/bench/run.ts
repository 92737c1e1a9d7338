import { benchIngest } from './ingest.ts';
import { benchNearest } from './nearest.ts';

/** `npm run bench`: prints measured figures; asserts nothing about time. */

console.log(`Gridwatch benchmarks — node ${process.version}, ${new Date().toISOString()}\n`);
benchNearest();
console.log();
await benchIngest();
