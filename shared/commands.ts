import { Type, type Static } from '@sinclair/typebox';
import {
  IncidentCategory,
  IncidentSource,
  Lat,
  Lng,
  Priority,
  UnitKind,
  UnitStatus
} from './domain.ts';

/**
 * Payloads of requests. Each is the schema the server validates against and the type both ends compile with.
 * Commands that change state carry a client-made `commandId`: a retry with the same id returns the first result.
 */

export const CommandId = Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });

/** A photo uploaded with `POST /api/photos` (the id it answered), attached to an incident by a command. */
export const PhotoId = Type.String({ pattern: '^[a-f0-9]{32}$' });
export const PhotoIds = Type.Array(PhotoId, { maxItems: 6, uniqueItems: true });

/**
 * When the person pressed the button, epoch ms, for a command a phone kept while it had no connection and sends
 * later. The timeline shows it beside the server's time; the server refuses one from the future or older than a day.
 */
export const PressedAt = Type.Number({ minimum: 0 });

/** Who reported an incident and how to call them back. Kept apart from the incident; screens see it masked. */
export const ReporterContact = Type.Object(
  {
    name: Type.String({ maxLength: 40 }),
    phone: Type.String({ pattern: '^[0-9+\\- ]{5,20}$' })
  },
  { additionalProperties: false }
);
export type ReporterContact = Static<typeof ReporterContact>;

export const IncidentCreate = Type.Object(
  {
    commandId: CommandId,
    reporter: Type.Optional(ReporterContact),
    category: IncidentCategory,
    priority: Priority,
    lng: Lng,
    lat: Lat,
    source: IncidentSource,
    description: Type.String({ maxLength: 2000 }),
    /** photos the reporter (a field unit, say) took; each must be one this account uploaded */
    photos: Type.Optional(PhotoIds),
    pressedAt: Type.Optional(PressedAt)
  },
  { additionalProperties: false }
);
export type IncidentCreate = Static<typeof IncidentCreate>;

/** The HTTP form: the commandId may come from an Idempotency-Key header instead. */
export const IncidentCreateBody = Type.Object(
  {
    commandId: Type.Optional(CommandId),
    reporter: Type.Optional(ReporterContact),
    category: IncidentCategory,
    priority: Priority,
    lng: Lng,
    lat: Lat,
    source: IncidentSource,
    description: Type.String({ maxLength: 2000 })
  },
  { additionalProperties: false }
);
export type IncidentCreateBody = Static<typeof IncidentCreateBody>;

export const RecommendRequest = Type.Object(
  {
    incidentId: Type.String({ minLength: 1, maxLength: 64 }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 }))
  },
  { additionalProperties: false }
);
export type RecommendRequest = Static<typeof RecommendRequest>;

/** One unit the dispatcher picked (on the map or by name), weighed for an incident as the ranking would weigh it. */
export const EvaluateRequest = Type.Object(
  {
    incidentId: Type.String({ minLength: 1, maxLength: 64 }),
    unitId: Type.String({ minLength: 1, maxLength: 64 })
  },
  { additionalProperties: false }
);
export type EvaluateRequest = Static<typeof EvaluateRequest>;

export const AssignCommand = Type.Object(
  {
    commandId: CommandId,
    incidentId: Type.String({ minLength: 1, maxLength: 64 }),
    unitId: Type.String({ minLength: 1, maxLength: 64 })
  },
  { additionalProperties: false }
);
export type AssignCommand = Static<typeof AssignCommand>;

/** Takes the incident from one unit and offers it to another in one command: both happen, or neither. */
export const ReassignCommand = Type.Object(
  {
    commandId: CommandId,
    incidentId: Type.String({ minLength: 1, maxLength: 64 }),
    fromUnitId: Type.String({ minLength: 1, maxLength: 64 }),
    toUnitId: Type.String({ minLength: 1, maxLength: 64 }),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 }))
  },
  { additionalProperties: false }
);
export type ReassignCommand = Static<typeof ReassignCommand>;

export const PositionReport = Type.Object(
  {
    unitId: Type.String({ minLength: 1, maxLength: 64 }),
    lng: Lng,
    lat: Lat,
    /** epoch ms of the measurement */
    time: Type.Number({ minimum: 0 }),
    speedMps: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
    headingDeg: Type.Optional(Type.Number({ minimum: 0, maximum: 360 })),
    accuracyM: Type.Optional(Type.Number({ minimum: 0, maximum: 100000 }))
  },
  { additionalProperties: false }
);
export type PositionReport = Static<typeof PositionReport>;

/**
 * Reports a phone kept while it had no connection, oldest first, sent in one request on reconnect. Each is judged
 * like a live report, except that one older than the unit's last fix goes into history without moving the marker.
 */
export const PositionBacklog = Type.Array(PositionReport, { minItems: 1, maxItems: 300 });
export type PositionBacklog = Static<typeof PositionBacklog>;

/** What became of a backlog: moved the live marker, went into history only, or was rejected (counts by reason). */
export const BacklogResult = Type.Object({
  live: Type.Integer(),
  history: Type.Integer(),
  rejected: Type.Record(Type.String(), Type.Integer())
});
export type BacklogResult = Static<typeof BacklogResult>;

/** A desk asks a unit's phone for a fresh fix now (units saving battery report rarely). */
export const LocateRequest = Type.Object(
  { unitId: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false }
);
export type LocateRequest = Static<typeof LocateRequest>;

export const LocateResult = Type.Object({
  requestedAt: Type.Number(),
  /** how many of the unit's phones are connected and were asked; 0: nobody can answer now */
  phones: Type.Integer()
});
export type LocateResult = Static<typeof LocateResult>;

/** Who asked for a fix, sent to the unit's phones, which answer with a fresh `unit:report`. */
export interface LocationRequested {
  unitId: string;
  /** the asker's display name (the phone shows it), or their username when the account has none */
  by: string;
  at: number;
}

export const UnitStatusCommand = Type.Object(
  {
    commandId: CommandId,
    unitId: Type.String({ minLength: 1, maxLength: 64 }),
    status: UnitStatus,
    /** what the unit says about it: the resolution note when it reports done */
    note: Type.Optional(Type.String({ maxLength: 1000 })),
    /** photos taken on scene, shown on the incident's timeline */
    photos: Type.Optional(PhotoIds),
    pressedAt: Type.Optional(PressedAt)
  },
  { additionalProperties: false }
);
export type UnitStatusCommand = Static<typeof UnitStatusCommand>;

export const REASON_KINDS = [
  'distance',
  'eta',
  'skill',
  'home_grid',
  'workload',
  'fix_age',
  'first_line'
] as const;
export const Reason = Type.Object({
  kind: Type.Union(REASON_KINDS.map((k) => Type.Literal(k))),
  /**
   * metres for distance, seconds for eta and fix_age, the skill name, the home grid's code, the count of open
   * tasks, the unit's kind for first_line
   */
  value: Type.Union([Type.Number(), Type.String()]),
  /** whether the reason speaks for the unit (shown ✓) or against it; first_line: its kind responds first */
  good: Type.Boolean(),
  /** first_line: the category and priority whose rule it was weighed by, so the screen can say `火情 P1 首派` */
  category: Type.Optional(IncidentCategory),
  priority: Type.Optional(Priority)
});
export type Reason = Static<typeof Reason>;

export const Recommendation = Type.Object({
  unitId: Type.String(),
  name: Type.String(),
  kind: UnitKind,
  distanceM: Type.Number(),
  etaS: Type.Number(),
  fixAgeS: Type.Number(),
  /** why it ranks where it does, in display order; screens render them as `1.2 km · ≈4 分钟 · 调解 ✓ · 本网格` */
  reasons: Type.Array(Reason)
});
export type Recommendation = Static<typeof Recommendation>;

/** why a unit is not among the usual candidates: `far` is available and fresh but beyond the nearest pool */
export const EXCLUSIONS = ['busy', 'off_duty', 'stale_fix', 'no_fix', 'far'] as const;
export const UnitEvaluation = Type.Object({
  unitId: Type.String(),
  name: Type.String(),
  unitStatus: UnitStatus,
  /** its place in the full ranking (1 = best), null when it is not a candidate */
  rank: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
  excluded: Type.Union([Type.Union(EXCLUSIONS.map((k) => Type.Literal(k))), Type.Null()]),
  /** arrival and reasons by the ranking's model; null without any fix to start from */
  recommendation: Type.Union([Recommendation, Type.Null()])
});
export type UnitEvaluation = Static<typeof UnitEvaluation>;

export const OfferRespond = Type.Object(
  {
    commandId: CommandId,
    incidentId: Type.String({ minLength: 1, maxLength: 64 }),
    unitId: Type.String({ minLength: 1, maxLength: 64 }),
    accept: Type.Boolean(),
    reason: Type.Optional(Type.String({ maxLength: 500 })),
    pressedAt: Type.Optional(PressedAt)
  },
  { additionalProperties: false }
);
export type OfferRespond = Static<typeof OfferRespond>;

export const WithdrawCommand = Type.Object(
  {
    commandId: CommandId,
    incidentId: Type.String({ minLength: 1, maxLength: 64 }),
    unitId: Type.String({ minLength: 1, maxLength: 64 }),
    reason: Type.String({ minLength: 1, maxLength: 500 })
  },
  { additionalProperties: false }
);
export type WithdrawCommand = Static<typeof WithdrawCommand>;

/** Desk actions on an incident's own lifecycle; `reason` is required to cancel and reopen. */
export const INCIDENT_ACTIONS = ['resolve', 'close', 'cancel', 'reopen'] as const;
export const IncidentTransition = Type.Object(
  {
    commandId: CommandId,
    incidentId: Type.String({ minLength: 1, maxLength: 64 }),
    action: Type.Union(INCIDENT_ACTIONS.map((a) => Type.Literal(a))),
    reason: Type.Optional(Type.String({ maxLength: 500 }))
  },
  { additionalProperties: false }
);
export type IncidentTransition = Static<typeof IncidentTransition>;

export const EscalateCommand = Type.Object(
  {
    commandId: CommandId,
    incidentId: Type.String({ minLength: 1, maxLength: 64 }),
    reason: Type.String({ minLength: 1, maxLength: 500 })
  },
  { additionalProperties: false }
);
export type EscalateCommand = Static<typeof EscalateCommand>;

export const AcknowledgeCommand = Type.Object(
  { commandId: CommandId, incidentId: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false }
);
export type AcknowledgeCommand = Static<typeof AcknowledgeCommand>;

export const MergeCommand = Type.Object(
  {
    commandId: CommandId,
    /** the duplicate, which is cancelled */
    incidentId: Type.String({ minLength: 1, maxLength: 64 }),
    /** the incident it is merged into, which stays */
    intoId: Type.String({ minLength: 1, maxLength: 64 })
  },
  { additionalProperties: false }
);
export type MergeCommand = Static<typeof MergeCommand>;

export const ContactRequest = Type.Object(
  { incidentId: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false }
);
export type ContactRequest = Static<typeof ContactRequest>;

/** A point of `GET /api/units/:id/track?from=&to=` (epoch ms): the unit's kept history, oldest first. */
export interface TrackPoint {
  time: number;
  lng: number;
  lat: number;
  speedMps: number;
  status: string;
}
