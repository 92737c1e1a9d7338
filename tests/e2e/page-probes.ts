import type { Page } from 'playwright-core';
import type { GridwatchProbes } from '../../client/src/lib/probes.ts';

/** The page's read-only probes (`window.__gridwatch`, client/src/lib/probes.ts) from a test. */

type Probe = {
  [K in keyof GridwatchProbes]: Parameters<GridwatchProbes[K]> extends [] ? K : never;
}[keyof GridwatchProbes];

export function probe<K extends Probe>(
  page: Page,
  name: K
): Promise<ReturnType<GridwatchProbes[K]>> {
  return page.evaluate(
    (n) => (window.__gridwatch as unknown as Record<string, () => unknown>)[n](),
    name
  ) as Promise<ReturnType<GridwatchProbes[K]>>;
}

/** Waits for the map style and overlay, and the first position frame. SwiftShader is slow: generous limits. */
export async function mapReady(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__gridwatch?.mapReady() === true, null, {
    timeout: 120_000
  });
  await page.waitForFunction(() => (window.__gridwatch?.frames() ?? 0) > 0, null, {
    timeout: 60_000
  });
}
