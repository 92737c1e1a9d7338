import { Type, type Static } from '@sinclair/typebox';
import { Note } from './timeline-note.ts';

/** Domain vocabulary shared by server, client and geo. Every type is derived from its schema. */

export const UNIT_KINDS = ['patrol', 'security', 'grid_worker', 'volunteer', 'mediator'] as const;
export const UnitKind = Type.Union(UNIT_KINDS.map((k) => Type.Literal(k)));
export type UnitKind = (typeof UNIT_KINDS)[number];

/** Order matters: the wire carries the index of a status in this list. */
export const UNIT_STATUSES = ['off_duty', 'available', 'assigned', 'en_route', 'on_scene'] as const;
export const UnitStatus = Type.Union(UNIT_STATUSES.map((s) => Type.Literal(s)));
export type UnitStatus = (typeof UNIT_STATUSES)[number];

export const TRAVEL_MODES = ['car', 'ebike', 'foot'] as const;
export const TravelMode = Type.Union(TRAVEL_MODES.map((m) => Type.Literal(m)));
export type TravelMode = (typeof TRAVEL_MODES)[number];

export const SKILLS = ['mediation', 'legal', 'first_aid', 'fire', 'traffic'] as const;
export const Skill = Type.Union(SKILLS.map((s) => Type.Literal(s)));
export type Skill = (typeof SKILLS)[number];

export const Lng = Type.Number({ minimum: -180, maximum: 180 });
export const Lat = Type.Number({ minimum: -90, maximum: 90 });
export const LngLatSchema = Type.Tuple([Lng, Lat]);

export const Fix = Type.Object({
  lng: Lng,
  lat: Lat,
  /** epoch ms of the measurement */
  time: Type.Number(),
  speedMps: Type.Number({ minimum: 0 }),
  headingDeg: Type.Number({ minimum: 0, maximum: 360 }),
  accuracyM: Type.Number({ minimum: 0 })
});
export type Fix = Static<typeof Fix>;

export const Unit = Type.Object({
  id: Type.String(),
  /** dense index for the binary wire; stable for the life of the server's store */
  idx: Type.Integer({ minimum: 0 }),
  kind: UnitKind,
  name: Type.String(),
  homeTown: Type.String(),
  homeGrid: Type.String(),
  skills: Type.Array(Skill),
  travel: TravelMode,
  status: UnitStatus,
  /** a standing group the unit belongs to, e.g. the joint-mediation committee of a border zone (its grid code) */
  group: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  /** the incident the unit is working on, if any */
  incidentId: Type.Union([Type.String(), Type.Null()]),
  fix: Type.Union([Fix, Type.Null()])
});
export type Unit = Static<typeof Unit>;

export const INCIDENT_CATEGORIES = [
  'dispute',
  'public_order',
  'safety_hazard',
  'petition',
  'fraud',
  'fire',
  'traffic',
  'injury'
] as const;
export const IncidentCategory = Type.Union(INCIDENT_CATEGORIES.map((c) => Type.Literal(c)));
export type IncidentCategory = (typeof INCIDENT_CATEGORIES)[number];

export const Priority = Type.Union([
  Type.Literal(1),
  Type.Literal(2),
  Type.Literal(3),
  Type.Literal(4)
]);
export type Priority = Static<typeof Priority>;

export const INCIDENT_STATUSES = [
  'reported',
  'dispatched',
  'accepted',
  'en_route',
  'on_scene',
  'resolved',
  'closed',
  'cancelled'
] as const;
export const IncidentStatus = Type.Union(INCIDENT_STATUSES.map((s) => Type.Literal(s)));
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const INCIDENT_SOURCES = [
  'hotline',
  'camera',
  'grid_worker',
  'volunteer',
  'walk_in',
  'dispatcher'
] as const;
export const IncidentSource = Type.Union(INCIDENT_SOURCES.map((s) => Type.Literal(s)));
export type IncidentSource = (typeof INCIDENT_SOURCES)[number];

export const TimelineEntry = Type.Object({
  seq: Type.Integer(),
  at: Type.Number(),
  type: Type.String(),
  /** who did it: a username, `system`/`ladder`/`sim` for the server's own moves, `api:<name>` for an integration */
  actor: Type.String(),
  /** the account's display name when it was done (an audit trail names who it was then); absent for the server */
  actorName: Type.Optional(Type.String()),
  status: IncidentStatus,
  unitId: Type.Optional(Type.String()),
  note: Type.Optional(Note),
  /** where the change came from: `socket <address>`, `http <address>`, or `server` for the server's own moves */
  via: Type.Optional(Type.String()),
  /** photos attached with this change (ids for `GET /api/photos/:id`) */
  photos: Type.Optional(Type.Array(Type.String())),
  /** when the person pressed the button, if the phone sent it later (it had no connection) */
  pressedAt: Type.Optional(Type.Number())
});
export type TimelineEntry = Static<typeof TimelineEntry>;

export const OFFER_STATUSES = [
  'offered',
  'accepted',
  'declined',
  'timed_out',
  'withdrawn'
] as const;
export const OfferStatus = Type.Union(OFFER_STATUSES.map((s) => Type.Literal(s)));
export type OfferStatus = (typeof OFFER_STATUSES)[number];

/** An incident offered to a unit: the unit must accept before its deadline, or the offer passes on. */
export const Offer = Type.Object({
  unitId: Type.String(),
  status: OfferStatus,
  offeredAt: Type.Number(),
  /** epoch ms by which the unit must answer */
  deadline: Type.Number(),
  /** who made the offer: a username, or `ladder` for the escalation ladder's automatic offers */
  by: Type.String(),
  /** the display name of the account that made it, when it was made */
  byName: Type.Optional(Type.String()),
  answeredAt: Type.Union([Type.Number(), Type.Null()]),
  reason: Type.Union([Note, Type.Null()])
});
export type Offer = Static<typeof Offer>;

/** Raised when offers keep failing (or by hand); stays on every desk until someone acknowledges it. */
export const Escalation = Type.Object({
  at: Type.Number(),
  reason: Note,
  acknowledgedAt: Type.Union([Type.Number(), Type.Null()]),
  acknowledgedBy: Type.Union([Type.String(), Type.Null()]),
  /** the display name of whoever acknowledged it, then */
  acknowledgedByName: Type.Optional(Type.String())
});
export type Escalation = Static<typeof Escalation>;

export const Incident = Type.Object({
  id: Type.String(),
  category: IncidentCategory,
  priority: Priority,
  lng: Lng,
  lat: Lat,
  /** derived on the server from the location, never taken from a client */
  gridCode: Type.String(),
  townCode: Type.String(),
  source: IncidentSource,
  /** the reporter as screens may show them: name and phone masked (张*, 138****5678); the full contact is a request */
  reporter: Type.Union([Type.Object({ name: Type.String(), phone: Type.String() }), Type.Null()]),
  /** the field unit that reported it, if a unit did */
  reportedByUnit: Type.Union([Type.String(), Type.Null()]),
  description: Type.String(),
  status: IncidentStatus,
  /** units currently working the incident */
  unitIds: Type.Array(Type.String()),
  createdAt: Type.Number(),
  updatedAt: Type.Number(),
  /** SLA deadlines, epoch ms */
  dispatchBy: Type.Number(),
  arriveBy: Type.Number(),
  resolveBy: Type.Number(),
  /** how many units it should get (P1 of some categories need more than one) */
  unitsNeeded: Type.Integer({ minimum: 1 }),
  offers: Type.Array(Offer),
  escalation: Type.Union([Escalation, Type.Null()]),
  /** an open incident of the same category close by and shortly before: maybe the same event reported twice */
  possibleDuplicateOf: Type.Union([Type.String(), Type.Null()]),
  /** the border zone (specialised grid code) it lies in: a cross-jurisdiction incident */
  borderZone: Type.Union([Type.String(), Type.Null()]),
  /** units told of it without being sent (the border zone's joint-mediation committee); they may see it */
  notifiedUnits: Type.Array(Type.String()),
  timeline: Type.Array(TimelineEntry)
});
export type Incident = Static<typeof Incident>;

export const OPEN_STATUSES: readonly IncidentStatus[] = [
  'reported',
  'dispatched',
  'accepted',
  'en_route',
  'on_scene'
];

/**
 * How long a finished incident (resolved, closed or cancelled) is kept after its last change: in the server's
 * memory and snapshots, and in every screen's store (lifecycle.ts `isKept`).
 */
export const RECENT_MS = 6 * 60 * 60_000;
