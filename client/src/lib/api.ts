import { ErrorCode } from '../../../shared/result.ts';
import { isRefusal, type Refusal } from '../../../shared/refusal.ts';

/**
 * JSON over fetch for the HTTP API, answering like a socket ack: `{ ok: true, data }` or `{ ok: false, error,
 * message, detail }` with the server's code, English words and refusal (shared/result.ts), plus the HTTP status.
 * Cookies ride along (same origin); nothing is cached; `upload` sends a file as the raw body instead. A 401
 * outside the login call means the session is gone: `onUnauthorized` hears of it.
 */

export type ApiError = ErrorCode | 'OFFLINE';
export type ApiResult<T> =
  | { ok: true; status: number; data: T }
  | { ok: false; status: number; error: ApiError; message: string; detail?: Refusal };

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

const CODES = new Set<string>(Object.values(ErrorCode));

export async function request<T>(
  method: Method,
  path: string,
  body?: unknown
): Promise<ApiResult<T>> {
  if (body === undefined) return send<T>(method, path, {});
  return send<T>(method, path, {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body)
  });
}

/** A file as the raw body (an upload), with its Content-Type and any other headers the route reads. */
export function upload<T>(
  path: string,
  file: Blob,
  headers: Record<string, string>
): Promise<ApiResult<T>> {
  return send<T>('POST', path, { headers, body: file });
}

async function send<T>(
  method: Method,
  path: string,
  init: { headers?: Record<string, string>; body?: BodyInit }
): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      cache: 'no-store',
      headers: init.headers ?? {},
      body: init.body
    });
  } catch (err) {
    return { ok: false, status: 0, error: 'OFFLINE', message: messageOf(err) };
  }
  const payload = await readJson(res);
  if (res.ok) return { ok: true, status: res.status, data: payload as T };
  return { ok: false, status: res.status, ...failureOf(res.status, payload) };
}

/**
 * A refusal's body as the server shapes it (shared/result.ts); what a proxy's error page or an older server lacks
 * is made up from the HTTP status, or left out.
 */
export function failureOf(
  status: number,
  body: unknown
): { error: ErrorCode; message: string; detail?: Refusal } {
  const e = (body ?? {}) as { error?: unknown; message?: unknown; detail?: unknown };
  return {
    error:
      typeof e.error === 'string' && CODES.has(e.error) ? (e.error as ErrorCode) : codeOf(status),
    message: typeof e.message === 'string' ? e.message : '',
    detail: isRefusal(e.detail) ? e.detail : undefined
  };
}

/** An API client for a signed-in screen: any 401 ends the session on this side too. */
export class Api {
  #onUnauthorized: () => void;

  constructor(onUnauthorized: () => void) {
    this.#onUnauthorized = onUnauthorized;
  }

  async call<T>(method: Method, path: string, body?: unknown): Promise<ApiResult<T>> {
    return this.#heard(await request<T>(method, path, body));
  }

  async upload<T>(
    path: string,
    file: Blob,
    headers: Record<string, string>
  ): Promise<ApiResult<T>> {
    return this.#heard(await upload<T>(path, file, headers));
  }

  #heard<T>(res: ApiResult<T>): ApiResult<T> {
    if (!res.ok && res.status === 401) this.#onUnauthorized();
    return res;
  }
}

async function readJson(res: Response): Promise<unknown> {
  if (res.status === 204) return null;
  const text = await res.text().catch(() => '');
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** the code a bare HTTP status means, when the body does not name one */
function codeOf(status: number): ErrorCode {
  if (status === 401) return ErrorCode.UNAUTHORIZED;
  if (status === 403) return ErrorCode.FORBIDDEN;
  if (status === 404) return ErrorCode.NOT_FOUND;
  if (status === 429) return ErrorCode.RATE_LIMITED;
  if (status >= 500) return ErrorCode.INTERNAL;
  return ErrorCode.INVALID;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
