import type { AccessService } from '../access/service.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/store.ts';

/**
 * Position history is kept for `days` (HISTORY_DAYS, 30 by default) and no longer: where a person walked is
 * personal data. The purge runs at start and every hour, and each run that removed anything is on the audit log,
 * so a gap in a unit's track can always be explained. Photos uploaded but never attached to an incident go after a
 * day.
 */

const EVERY_MS = 3600_000;
const DAY_MS = 86_400_000;

export interface HistoryPurge {
  /** one purge now; resolves with how many points it removed */
  run(now?: number): Promise<number>;
  stop(): void;
}

export function startHistoryPurge(opts: {
  store: Store;
  access: AccessService;
  days: number;
  log: Logger;
}): HistoryPurge {
  const { store, access, days, log } = opts;
  const run = async (now = Date.now()) => {
    const before = now - days * DAY_MS;
    const removed = await store.purgePositions(before);
    // a photo nobody attached within a day was abandoned (the phone's command never came)
    await store.purgeLoosePhotos(now - DAY_MS);
    if (removed > 0) {
      await access.audit(
        {
          actor: 'system',
          action: 'positions.purge',
          target: `before ${new Date(before).toISOString()}`,
          source: 'server',
          outcome: 'ok',
          detail: { values: { points: removed, days } }
        },
        now
      );
    }
    return removed;
  };
  const safely = () =>
    void run().catch((e: unknown) => log.error({ err: e }, 'history purge failed'));
  safely();
  const timer = setInterval(safely, EVERY_MS);
  timer.unref();
  return { run, stop: () => clearInterval(timer) };
}
