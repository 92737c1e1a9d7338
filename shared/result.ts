import { explain, type Refusal, type RefusalKey, type RefusalValues } from './refusal.ts';

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

/**
 * A refusal as it crosses the network: the code, the English `message` for integrations and logs, and the
 * `detail` (shared/refusal.ts) a screen words in its own language.
 */
export interface Failure {
  error: ErrorCode;
  message: string;
  detail: Refusal;
}

export type Result<T> = { ok: true; data: T } | ({ ok: false } & Failure);

export function ok<T>(data: T): Result<T> {
  return { ok: true, data };
}

/** The body of a refusal: `failure(ErrorCode.NOT_FOUND, 'not_found', { kind: 'unit', id })`. */
export function failure(error: ErrorCode, key: RefusalKey, values: RefusalValues = {}): Failure {
  const detail = { key, values };
  return { error, message: explain(detail), detail };
}

/** The body of a refusal already made (a failed validation, a failed Result), without the Result's `ok`. */
export function bodyOf(f: Failure): Failure {
  return { error: f.error, message: f.message, detail: f.detail };
}

export function fail<T = never>(
  error: ErrorCode,
  key: RefusalKey,
  values: RefusalValues = {}
): Result<T> {
  return { ok: false, ...failure(error, key, values) };
}

/** Thrown inside command handlers to end with a typed error; turned into a failed Result at the edge. */
export class CommandError extends Error {
  readonly detail: Refusal;

  constructor(
    readonly code: ErrorCode,
    key: RefusalKey,
    values: RefusalValues = {}
  ) {
    const detail = { key, values };
    super(explain(detail));
    this.detail = detail;
  }

  /** a refusal another check already made (a failed validation), thrown on */
  static of(f: Failure): CommandError {
    return new CommandError(f.error, f.detail.key, f.detail.values);
  }

  get failure(): Failure {
    return { error: this.code, message: this.message, detail: this.detail };
  }

  result<T = never>(): Result<T> {
    return { ok: false, ...this.failure };
  }
}
