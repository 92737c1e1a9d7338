import type { LocationLink } from './field-location.svelte.ts';
import type { LiveLink } from './live.svelte.ts';
import type { Outbox, OutboxLink } from './outbox.svelte.ts';
import { uploadPhoto } from './photos.ts';

/**
 * How the field screen's outbox and location sharing reach the server: both through the one live link, read at
 * the moment they ask (the connection comes and goes under them).
 */

/** commands in order, offline positions in batches, photos over HTTP */
export function outboxLink(live: LiveLink): OutboxLink {
  return {
    get connected() {
      return live.status === 'online';
    },
    send: (c) =>
      c.event === 'unit:status'
        ? live.unitStatus(c.payload)
        : c.event === 'offer:respond'
          ? live.respond(c.payload)
          : live.createIncident(c.payload),
    backlog: (reports) => live.backlog(reports),
    upload: uploadPhoto
  };
}

/** fixes go live while connected; otherwise the outbox keeps them for the backlog */
export function locationLink(live: LiveLink, outbox: Outbox | null): LocationLink {
  return {
    get online() {
      return live.status === 'online';
    },
    get clockOffsetMs() {
      return live.clockOffsetMs;
    },
    report: (r) => live.report(r),
    keep: (r) => outbox?.keepPosition(r) ?? Promise.resolve()
  };
}
