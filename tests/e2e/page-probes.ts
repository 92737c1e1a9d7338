import type { Page } from 'playwright-core';
import { expect } from 'vitest';
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

/** The requests a page made (http and websocket) and those of them that left the server's own origin. */
export function foreignRequests(
  requested: readonly string[],
  serverUrl: string
): { network: string[]; foreign: string[] } {
  const origin = new URL(serverUrl).origin;
  const wsOrigin = origin.replace(/^http/, 'ws');
  const network = requested.filter((u) => /^(https?|wss?):/.test(u));
  const foreign = network.filter((u) => {
    const o = new URL(u).origin;
    return o !== origin && o !== wsOrigin;
  });
  return { network, foreign };
}

/**
 * Presses the open panel's assign buttons in turn until the incident's status is one of `after`. A unit may be
 * taken by someone else between ranking and assigning: then the next one is tried.
 */
export async function assignUntil(page: Page, after: readonly string[]): Promise<void> {
  const status = page.getByTestId('incident-status');
  const buttons = page.getByTestId('assign-button');
  const assigned = async () => after.includes((await status.getAttribute('data-status')) ?? '');
  for (let i = 0; i < (await buttons.count()); i++) {
    await buttons.nth(i).click();
    await expect
      .poll(
        async () => (await page.getByTestId('assign-error').count()) > 0 || (await assigned()),
        {
          timeout: 30_000
        }
      )
      .toBe(true);
    if (await assigned()) break;
  }
}
