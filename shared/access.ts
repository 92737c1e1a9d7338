import { Type, type Static } from '@sinclair/typebox';
import type { AuditDetail } from './audit-detail.ts';

/** Accounts, roles and scopes: who may see what and do what. The server decides; screens only reflect it. */

export const ROLES = ['admin', 'commander', 'dispatcher', 'town_leader', 'field', 'wall'] as const;
export const Role = Type.Union(ROLES.map((r) => Type.Literal(r)));
export type Role = (typeof ROLES)[number];

export const TownCode = Type.String({ pattern: '^[0-9]{9}$' });

/** What an account may see: the whole district (`towns: null`) or a set of towns. */
export const AccountView = Type.Object({
  id: Type.String(),
  username: Type.String(),
  role: Role,
  towns: Type.Union([Type.Array(TownCode), Type.Null()]),
  /** the unit a `field` account speaks for */
  unitId: Type.Union([Type.String(), Type.Null()]),
  disabled: Type.Boolean(),
  /**
   * the display name screens show for the account: a person's name (王建国), a wall's place; the username is the
   * login name, shown only where an account is administered
   */
  label: Type.String()
});
export type AccountView = Static<typeof AccountView>;

export const Username = Type.String({ minLength: 2, maxLength: 40, pattern: '^[A-Za-z0-9_.-]+$' });
export const Password = Type.String({ minLength: 8, maxLength: 200 });

export const LoginRequest = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 40 }),
    password: Type.String({ minLength: 1, maxLength: 200 })
  },
  { additionalProperties: false }
);
export type LoginRequest = Static<typeof LoginRequest>;

export const KioskLogin = Type.Object(
  { kiosk: Type.String({ minLength: 16, maxLength: 128 }) },
  { additionalProperties: false }
);
export type KioskLogin = Static<typeof KioskLogin>;

/** The answer to a login, and to `GET /api/session`: who you are and a short-lived token for the socket handshake. */
export interface SessionInfo {
  account: AccountView;
  token: string;
  tokenExpiresAt: number;
  /**
   * Seconds a wall keeps a new P1 in focus before it returns to the district view (`WALL_FOCUS_S`); the session
   * routes add it to every answer, so a wall knows it from its first sign-in.
   */
  wallFocusS?: number;
}

export const AccountCreate = Type.Object(
  {
    username: Username,
    password: Password,
    role: Role,
    towns: Type.Union([Type.Array(TownCode, { maxItems: 20 }), Type.Null()]),
    unitId: Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()]),
    label: Type.Optional(Type.String({ maxLength: 80 }))
  },
  { additionalProperties: false }
);
export type AccountCreate = Static<typeof AccountCreate>;

export const AccountUpdate = Type.Object(
  {
    role: Type.Optional(Role),
    towns: Type.Optional(Type.Union([Type.Array(TownCode, { maxItems: 20 }), Type.Null()])),
    unitId: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()])),
    disabled: Type.Optional(Type.Boolean()),
    password: Type.Optional(Password),
    label: Type.Optional(Type.String({ maxLength: 80 }))
  },
  { additionalProperties: false, minProperties: 1 }
);
export type AccountUpdate = Static<typeof AccountUpdate>;

/** A screen's language: Chinese or English (the client's `lib/locale.svelte.ts`). */
export const ScreenLanguage = Type.Union([Type.Literal('zh'), Type.Literal('en')]);
export type ScreenLanguage = Static<typeof ScreenLanguage>;

export const KioskCreate = Type.Object(
  {
    label: Type.String({ minLength: 1, maxLength: 80 }),
    towns: Type.Union([Type.Array(TownCode, { maxItems: 20 }), Type.Null()]),
    /** the wall's language, carried by its link: a kiosk has no language switch */
    lang: Type.Optional(ScreenLanguage)
  },
  { additionalProperties: false }
);
export type KioskCreate = Static<typeof KioskCreate>;

/** The answer to `POST /api/kiosks`: the wall account and its link, with the secret in it (shown once). */
export interface KioskLink {
  account: AccountView;
  /** the path to open on the wall */
  url: string;
}

/** An outside system allowed to create incidents over HTTP (a hotline platform, camera alarms), by API key. */
export const IntegrationView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  /** the source its incidents carry */
  source: Type.Union([Type.Literal('hotline'), Type.Literal('camera')]),
  disabled: Type.Boolean(),
  createdAt: Type.Number()
});
export type IntegrationView = Static<typeof IntegrationView>;

export const IntegrationCreate = Type.Object(
  {
    name: Type.String({ minLength: 2, maxLength: 60, pattern: '^[A-Za-z0-9_.-]+$' }),
    source: Type.Union([Type.Literal('hotline'), Type.Literal('camera')])
  },
  { additionalProperties: false }
);
export type IntegrationCreate = Static<typeof IntegrationCreate>;

/** The answer to creating an integration: the key is shown this once; the server keeps only its hash. */
export interface IntegrationCreated {
  integration: IntegrationView;
  key: string;
}

export const IntegrationUpdate = Type.Object(
  { disabled: Type.Boolean() },
  { additionalProperties: false }
);
export type IntegrationUpdate = Static<typeof IntegrationUpdate>;

export const AUDIT_OUTCOMES = ['ok', 'denied', 'failed'] as const;
export interface AuditRecord {
  id: number;
  at: number;
  /** a username, or the server's own (`system`, `ladder`, `sim`), or `api:<name>` */
  actor: string;
  /** the actor's display name when it was done; absent for the server and for records from before names */
  actorName?: string;
  action: string;
  /** what it acted on, for machines and the CSV (ids, a username); screens word `detail` instead */
  target: string;
  source: string;
  outcome: (typeof AUDIT_OUTCOMES)[number];
  detail: AuditDetail;
}
