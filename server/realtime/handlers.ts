import type { Static, TSchema } from '@sinclair/typebox';
import {
  AssignCommand,
  IncidentCreate,
  PositionReport,
  RecommendRequest,
  UnitStatusCommand
} from '../../shared/commands.ts';
import type { Ack } from '../../shared/protocol.ts';
import { ErrorCode, fail, ok, type Result } from '../../shared/result.ts';
import { validate } from '../../shared/validate.ts';
import type { DispatchService } from '../dispatch/service.ts';
import type { LiveRegistry } from '../live/registry.ts';
import type { Logger } from '../logger.ts';

/**
 * Socket request handlers, made by a factory from their collaborators. Every payload is checked against its shared
 * schema before anything else runs; a handler that throws answers INTERNAL without leaking the message.
 */

export interface HandlerDeps {
  dispatch: DispatchService;
  live: LiveRegistry;
  log: Logger;
}

export function createHandlers({ dispatch, live, log }: HandlerDeps) {
  return {
    'incident:create': guarded(IncidentCreate, log, (cmd, actor) => dispatch.create(cmd, actor)),
    'dispatch:recommend': guarded(RecommendRequest, log, async (req) =>
      dispatch.recommend(req.incidentId, req.limit ?? 5)
    ),
    'dispatch:assign': guarded(AssignCommand, log, (cmd, actor) => dispatch.assign(cmd, actor)),
    'unit:status': guarded(UnitStatusCommand, log, (cmd, actor) => dispatch.unitStatus(cmd, actor)),
    'unit:report': guarded(PositionReport, log, async (report): Promise<Result<null>> => {
      const reason = live.report(report, Date.now());
      return reason ? fail(ErrorCode.INVALID, `position rejected: ${reason}`) : ok(null);
    })
  };
}

export type Handlers = ReturnType<typeof createHandlers>;

/** Wraps a handler: validates, runs, and acks exactly once (if the client gave an ack). */
function guarded<S extends TSchema, T>(
  schema: S,
  log: Logger,
  run: (payload: Static<S>, actor: string) => Promise<Result<T>>
) {
  return (actor: string, payload: unknown, ack: unknown): void => {
    const reply: Ack<T> = typeof ack === 'function' ? (ack as Ack<T>) : () => {};
    const checked = validate(schema, payload);
    if (!checked.ok) {
      reply(checked);
      return;
    }
    run(checked.data, actor).then(reply, (e: unknown) => {
      log.error({ err: e }, 'request failed');
      reply(fail(ErrorCode.INTERNAL, 'internal error; the change was not applied'));
    });
  };
}
