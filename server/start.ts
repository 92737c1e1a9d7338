import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `npm start`: builds the client when the build is missing or older than its sources, then starts the server
 * (simulator on unless SIM=off). A newcomer's first run therefore needs nothing but `npm install && npm start`.
 */

const CLIENT_SRC = ['client', 'shared', 'geo/data', 'vite.config.ts'];
const BUILT = join('dist', 'client', 'index.html');

if (needsBuild()) {
  console.log('网格指挥: building the client (first start, or sources changed)…');
  const r = spawnSync(
    process.execPath,
    [join('node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'],
    {
      stdio: 'inherit'
    }
  );
  if (r.status !== 0) process.exit(r.status ?? 1);
}
await import('./main.ts');

function needsBuild(): boolean {
  if (process.env.CLIENT_DIR) return false; // serving a build made elsewhere
  if (!existsSync(BUILT)) return true;
  const builtAt = statSync(BUILT).mtimeMs;
  return CLIENT_SRC.some((p) => newest(p) > builtAt);
}

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(path).map((f) => newest(join(path, f))));
}
