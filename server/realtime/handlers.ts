import type { Static, TSchema } from '@sinclair/typebox';
import {
  AcknowledgeCommand,
  ContactRequest,
  AssignCommand,
  EvaluateRequest,
  EscalateCommand,
  IncidentCreate,
  IncidentTransition,
  MergeCommand,
  LocateRequest,
  OfferRespond,
  PositionBacklog,
  PositionReport,
  ReassignCommand,
  RecommendRequest,
  UnitStatusCommand,
  WithdrawCommand
} from '../../shared/commands.ts';
import type { Ack, ClientToServerEvents } from '../../shared/protocol.ts';
import type { BacklogResult, LocateResult } from '../../shared/commands.ts';
import { ErrorCode, fail, ok, type Result } from '../../shared/result.ts';
import { validate } from '../../shared/validate.ts';
import type { AccessService, Session } from '../access/service.ts';
import type { Scope } from '../access/scope.ts';
import { commandAudit } from '../access/audit.ts';
import type { AuditValues } from '../../shared/audit-detail.ts';
import type { DispatchService } from '../dispatch/service.ts';
import { isAccepted } from '../live/fix-filter.ts';
import type { LiveRegistry } from '../live/registry.ts';
import type { Logger } from '../logger.ts';

/**
 * Socket request handlers, made by a factory from their collaborators. The socket layer has already checked the
 * session and the role; here every payload is checked against its shared schema before anything else runs, the
 * Scope decides what the request may touch, commands are audited, and a handler that throws answers INTERNAL
 * without leaking the message.
 */

export interface HandlerDeps {
  dispatch: DispatchService;
  live: LiveRegistry;
  access: AccessService;
  log: Logger;
  /** asks the unit's connected phones for a fresh fix; answers how many were asked */
  askForFix: (unitId: string, by: string, at: number) => number;
}

export interface RequestContext {
  session: Session;
  source: string;
  /** the session's scope for this request, carrying where it came from */
  scope: Scope;
}

/** `reply` answers the request once; the socket layer found it among the arguments (see `requestArgs`) */
type Handler = (ctx: RequestContext, payload: unknown, reply: Ack<unknown>) => void;

/**
 * Requests whose ack the protocol makes optional: a phone's live position report needs no answer (the next one
 * replaces it). Any other request sent without an ack has nobody to answer and is dropped.
 */
export const ACK_OPTIONAL: ReadonlySet<keyof ClientToServerEvents> = new Set(['unit:report']);

/**
 * A request's arguments as Socket.IO hands them over: the ack is always the last argument, when it is a function;
 * the payload is the first argument before it. `emit('dispatch:recommend', ack)` carries no payload (undefined,
 * which every request schema refuses), and `emit(event, payload, extra, ack)` is still answered.
 */
export function requestArgs(args: readonly unknown[]): {
  payload: unknown;
  ack: Ack<unknown> | null;
} {
  const last = args.at(-1);
  const ack = typeof last === 'function' ? (last as Ack<unknown>) : null;
  const before = ack ? args.length - 1 : args.length;
  return { payload: before > 0 ? args[0] : undefined, ack };
}

export function createHandlers(deps: HandlerDeps): Record<keyof ClientToServerEvents, Handler> {
  const { dispatch, live } = deps;
  return {
    'incident:create': guarded(
      deps,
      IncidentCreate,
      (cmd, ctx) => dispatch.create(cmd, ctx.scope),
      {
        action: 'incident.create',
        target: (c) => `${c.category} P${c.priority} @ ${c.lng.toFixed(5)},${c.lat.toFixed(5)}`,
        values: (c, res) => ({
          ...(res.ok ? { incident: res.data.id } : {}),
          category: c.category,
          priority: c.priority,
          lng: c.lng.toFixed(5),
          lat: c.lat.toFixed(5)
        })
      }
    ),
    'dispatch:recommend': guarded(deps, RecommendRequest, async (req, ctx) =>
      dispatch.recommend(req.incidentId, req.limit ?? 5, ctx.scope)
    ),
    'dispatch:assign': guarded(deps, AssignCommand, (cmd, ctx) => dispatch.assign(cmd, ctx.scope), {
      action: 'dispatch.assign',
      target: (c) => `${c.incidentId} ← ${c.unitId}`,
      values: (c) => ({ incident: c.incidentId, unit: c.unitId })
    }),
    'dispatch:evaluate': guarded(deps, EvaluateRequest, (req, ctx) =>
      dispatch.evaluate(req.incidentId, req.unitId, ctx.scope)
    ),
    'dispatch:reassign': guarded(
      deps,
      ReassignCommand,
      (cmd, ctx) => dispatch.reassign(cmd, ctx.scope),
      {
        action: 'dispatch.reassign',
        target: (c) =>
          `${c.incidentId} ${c.fromUnitId} → ${c.toUnitId}${c.reason ? `: ${c.reason}` : ''}`,
        values: (c) => ({
          incident: c.incidentId,
          from: c.fromUnitId,
          to: c.toUnitId,
          ...(c.reason ? { reason: c.reason } : {})
        })
      }
    ),
    'unit:status': guarded(
      deps,
      UnitStatusCommand,
      (cmd, ctx) => dispatch.unitStatus(cmd, ctx.scope),
      {
        action: 'unit.status',
        target: (c) => `${c.unitId} → ${c.status}`,
        values: (c) => ({ unit: c.unitId, status: c.status })
      }
    ),
    'offer:respond': guarded(deps, OfferRespond, (cmd, ctx) => dispatch.respond(cmd, ctx.scope), {
      action: 'offer.respond',
      target: (c) => `${c.incidentId} ${c.unitId} ${c.accept ? 'accept' : 'decline'}`,
      values: (c) => ({
        incident: c.incidentId,
        unit: c.unitId,
        answer: c.accept ? 'accept' : 'decline',
        ...(c.reason ? { reason: c.reason } : {})
      })
    }),
    'dispatch:withdraw': guarded(
      deps,
      WithdrawCommand,
      (cmd, ctx) => dispatch.withdraw(cmd, ctx.scope),
      {
        action: 'dispatch.withdraw',
        target: (c) => `${c.incidentId} → ${c.unitId}: ${c.reason}`,
        values: (c) => ({ incident: c.incidentId, unit: c.unitId, reason: c.reason })
      }
    ),
    'incident:transition': guarded(
      deps,
      IncidentTransition,
      (cmd, ctx) => dispatch.transition(cmd, ctx.scope),
      {
        action: 'incident.transition',
        target: (c) => `${c.incidentId} ${c.action}${c.reason ? `: ${c.reason}` : ''}`,
        values: (c) => ({
          incident: c.incidentId,
          action: c.action,
          ...(c.reason ? { reason: c.reason } : {})
        })
      }
    ),
    'incident:escalate': guarded(
      deps,
      EscalateCommand,
      (cmd, ctx) => dispatch.escalate(cmd, ctx.scope),
      {
        action: 'incident.escalate',
        target: (c) => `${c.incidentId}: ${c.reason}`,
        values: (c) => ({ incident: c.incidentId, reason: c.reason })
      }
    ),
    'incident:acknowledge': guarded(
      deps,
      AcknowledgeCommand,
      (cmd, ctx) => dispatch.acknowledge(cmd, ctx.scope),
      {
        action: 'incident.acknowledge',
        target: (c) => c.incidentId,
        values: (c) => ({ incident: c.incidentId })
      }
    ),
    'incident:merge': guarded(deps, MergeCommand, (cmd, ctx) => dispatch.merge(cmd, ctx.scope), {
      action: 'incident.merge',
      target: (c) => `${c.incidentId} → ${c.intoId}`,
      values: (c) => ({ incident: c.incidentId, into: c.intoId })
    }),
    'incident:contact': guarded(
      deps,
      ContactRequest,
      (req, ctx) => dispatch.contact(req.incidentId, ctx.scope),
      {
        // who looked at a citizen's phone number is on the record
        action: 'incident.contact',
        target: (r) => r.incidentId,
        values: (r) => ({ incident: r.incidentId })
      }
    ),
    'unit:report': guarded(
      deps,
      PositionReport,
      async (report, ctx): Promise<Result<null>> => {
        // a field account moves only its own unit
        const own = ctx.scope.unitId;
        if (report.unitId !== own)
          return fail(ErrorCode.FORBIDDEN, 'not_your_unit', {
            own: own ?? '',
            unit: report.unitId
          });
        const verdict = live.report(report, Date.now(), 'socket');
        return isAccepted(verdict)
          ? ok(null)
          : fail(ErrorCode.INVALID, 'position_rejected', { reason: verdict });
      },
      undefined,
      (payload) => live.refuseInvalid(payload, 'socket')
    ),
    'unit:backlog': guarded(
      deps,
      PositionBacklog,
      async (reports, ctx): Promise<Result<BacklogResult>> => {
        const own = ctx.scope.unitId;
        const other = reports.find((r) => r.unitId !== own);
        if (other)
          return fail(ErrorCode.FORBIDDEN, 'not_your_unit', { own: own ?? '', unit: other.unitId });
        const result: BacklogResult = { live: 0, history: 0, rejected: {} };
        const now = Date.now();
        for (const r of reports) {
          const verdict = live.report(r, now, 'socket');
          if (isAccepted(verdict)) result[verdict]++;
          else result.rejected[verdict] = (result.rejected[verdict] ?? 0) + 1;
        }
        return ok(result);
      },
      undefined,
      // one refused batch is one count, however long: a hostile array must not flood the metrics
      () => live.countRejected('invalid', 'socket')
    ),
    'unit:locate': guarded(
      deps,
      LocateRequest,
      async (req, ctx): Promise<Result<LocateResult>> => {
        const u = live.get(req.unitId);
        if (!u || !ctx.scope.seesUnit(live.whereabouts(u.idx)))
          return fail(ErrorCode.NOT_FOUND, 'not_found', { kind: 'unit', id: req.unitId });
        const at = Date.now();
        return ok({
          requestedAt: at,
          phones: deps.askForFix(u.id, ctx.scope.actorName ?? ctx.scope.actor, at)
        });
      },
      { action: 'unit.locate', target: (r) => r.unitId, values: (r) => ({ unit: r.unitId }) }
    )
  };
}

/** Wraps a handler: validates, runs, audits commands, and answers exactly once. */
function guarded<S extends TSchema, T>(
  deps: HandlerDeps,
  schema: S,
  run: (payload: Static<S>, ctx: RequestContext) => Promise<Result<T>>,
  audit?: {
    action: string;
    /** what it acts on, for machines and the CSV */
    target: (payload: Static<S>) => string;
    /** its facts, which screens word (shared/audit-detail.ts) */
    values: (payload: Static<S>, res: Result<T>) => AuditValues;
  },
  /** sees a payload that failed the schema (position reports count as filter rejections); may name a reason */
  onInvalid?: (payload: unknown) => string | void
): Handler {
  return (ctx, payload, reply) => {
    const checked = validate(schema, payload);
    if (!checked.ok) {
      const reason = onInvalid?.(payload);
      reply(
        reason && reason !== 'invalid'
          ? fail(ErrorCode.INVALID, 'position_rejected', { reason })
          : checked
      );
      return;
    }
    run(checked.data, ctx)
      .then(async (res) => {
        if (audit) {
          // the command's outcome stands whatever happens to its audit record; a lost record is logged loudly
          await deps.access
            .audit(
              commandAudit(
                {
                  actor: ctx.session.account.username,
                  actorName: ctx.scope.actorName,
                  source: ctx.source
                },
                audit.action,
                audit.target(checked.data),
                res,
                audit.values(checked.data, res)
              )
            )
            .catch((e: unknown) =>
              deps.log.error({ err: e, action: audit.action }, 'audit append failed')
            );
        }
        reply(res);
      })
      .catch((e: unknown) => {
        deps.log.error({ err: e }, 'request failed');
        reply(fail(ErrorCode.INTERNAL, 'internal'));
      });
  };
}
