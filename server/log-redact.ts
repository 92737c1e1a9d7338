import type { IncomingHttpHeaders } from 'node:http';

/**
 * What the request log says about a request: the fields Fastify logs by default, with the query values that are
 * credentials replaced. A GPS device's id is its credential (`/osmand?id=…`) and a wall's kiosk link carries its
 * secret (`/wall?kiosk=…`); whoever reads the log must not be able to sign in as either. Headers are not logged at
 * all (an integration's X-Api-Key, the session cookie), nor are bodies (a device id in a POST form).
 */

export const REDACTED = '[redacted]';

/** query keys whose value is a secret on any path, compared in lower case */
const SECRET_KEYS = new Set(['kiosk', 'tk', 'token', 'key', 'apikey', 'password']);
/** OsmAnd's two names for the device id */
const DEVICE_KEYS = new Set(['id', 'deviceid']);
/** the OsmAnd intake, and near misses a misconfigured tracker sends (logged all the same, answered 404) */
const OSMAND_PATH = /\/osmand\/?$/i;

/** the request as Fastify hands it to the `req` serializer (a FastifyRequest; the types say the raw request) */
export interface LoggedRequest {
  method?: string;
  url?: string;
  headers?: IncomingHttpHeaders;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/** Fastify's own request serializer (lib/logger-pino.js), with the URL redacted. */
export function logRequest(req: LoggedRequest) {
  return {
    method: req.method,
    url: req.url === undefined ? undefined : redactUrl(req.url),
    version: req.headers?.['accept-version'] as string | undefined,
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort
  };
}

/**
 * The URL with each secret query value replaced by `[redacted]`; the path, the other parameters and the order are
 * kept as sent. Keys are compared decoded and in any case: `%6Biosk=` and `Kiosk=` are redacted too.
 */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const path = url.slice(0, q);
  const device = OSMAND_PATH.test(decoded(path));
  const params = url
    .slice(q + 1)
    .split('&')
    .map((part) => {
      const eq = part.indexOf('=');
      if (eq < 0) return part;
      const key = decoded(part.slice(0, eq).replace(/\+/g, ' ')).toLowerCase();
      const secret = SECRET_KEYS.has(key) || (device && DEVICE_KEYS.has(key));
      return secret ? `${part.slice(0, eq)}=${REDACTED}` : part;
    });
  return `${path}?${params.join('&')}`;
}

function decoded(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
