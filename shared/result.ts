/** The answer to every request, over a socket ack or an HTTP body. */

export const ErrorCode = {
  INVALID: 'INVALID',
  /** no session, or it expired or was revoked: sign in again */
  UNAUTHORIZED: 'UNAUTHORIZED',
  /** signed in, but the role or scope does not allow it */
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  OUTSIDE_DISTRICT: 'OUTSIDE_DISTRICT',
  INVALID_TRANSITION: 'INVALID_TRANSITION',
  UNIT_UNAVAILABLE: 'UNIT_UNAVAILABLE',
  RATE_LIMITED: 'RATE_LIMITED',
  INTERNAL: 'INTERNAL'
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export type Result<T> = { ok: true; data: T } | { ok: false; error: ErrorCode; message: string };

export function ok<T>(data: T): Result<T> {
  return { ok: true, data };
}

export function fail<T = never>(error: ErrorCode, message: string): Result<T> {
  return { ok: false, error, message };
}

/** Thrown inside command handlers to end with a typed error; turned into a failed Result at the edge. */
export class CommandError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string
  ) {
    super(message);
  }
}
