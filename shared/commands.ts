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
    description: Type.String({ maxLength: 2000 })
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

export const AssignCommand = Type.Object(
  {
    commandId: CommandId,
    incidentId: Type.String({ minLength: 1, maxLength: 64 }),
    unitId: Type.String({ minLength: 1, maxLength: 64 })
  },
  { additionalProperties: false }
);
export type AssignCommand = Static<typeof AssignCommand>;

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

export const UnitStatusCommand = Type.Object(
  {
    commandId: CommandId,
    unitId: Type.String({ minLength: 1, maxLength: 64 }),
    status: UnitStatus
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
  'fix_age'
] as const;
export const Reason = Type.Object({
  kind: Type.Union(REASON_KINDS.map((k) => Type.Literal(k))),
  /** metres for distance, seconds for eta and fix_age, the skill name, the home grid's code, the count of open tasks */
  value: Type.Union([Type.Number(), Type.String()]),
  /** whether the reason speaks for the unit (shown ✓) or against it */
  good: Type.Boolean()
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

export const OfferRespond = Type.Object(
  {
    commandId: CommandId,
    incidentId: Type.String({ minLength: 1, maxLength: 64 }),
    unitId: Type.String({ minLength: 1, maxLength: 64 }),
    accept: Type.Boolean(),
    reason: Type.Optional(Type.String({ maxLength: 500 }))
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
