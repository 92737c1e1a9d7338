import type { FastifyReply } from 'fastify';
import { CommandError, ErrorCode } from '../../shared/result.ts';

/** HTTP status of each command error; anything not listed is a conflict with the current state. */
export const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.INVALID]: 400,
  [ErrorCode.UNAUTHORIZED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.OUTSIDE_DISTRICT]: 422,
  [ErrorCode.RATE_LIMITED]: 429
};

/** Runs a route's work: its result with `okStatus`, or a CommandError as `{ error, message, detail }` with its status. */
export async function answer<T>(reply: FastifyReply, okStatus: number, run: () => Promise<T>) {
  try {
    return reply.code(okStatus).send(await run());
  } catch (e) {
    if (e instanceof CommandError) {
      return reply.code(HTTP_STATUS[e.code] ?? 409).send(e.failure);
    }
    throw e;
  }
}
