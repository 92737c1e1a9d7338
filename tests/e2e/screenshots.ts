import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './server-process.ts';

/**
 * Where the browser tests put their screenshots: an ignored folder, so `npm test` never rewrites a tracked file.
 * `npm run docs:screenshots` runs them with SCREENSHOT_DIR=docs to refresh the README's pictures on purpose.
 */
export function screenshotPath(name: string): string {
  const dir = process.env.SCREENSHOT_DIR
    ? join(ROOT, process.env.SCREENSHOT_DIR)
    : join(ROOT, 'tests/e2e/artifacts/screenshots');
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}
