import type {
  IncidentCategory,
  IncidentSource,
  IncidentStatus,
  Priority,
  Skill,
  UnitKind,
  UnitStatus
} from '../../../shared/domain.ts';
import type { AUDIT_OUTCOMES, Role } from '../../../shared/access.ts';
import type { ErrorCode } from '../../../shared/result.ts';
import type { ConnectionStatus } from './live.svelte.ts';
import type { FieldAction } from './field-actions.ts';
import type { Screen } from './route.ts';
import { locale, type Locale } from './locale.svelte.ts';
import { zh } from './messages/zh.ts';
import { en } from './messages/en.ts';

/**
 * Every string the interface shows: a zh table (the default) and an en table of the same shape, in messages/.
 * Components read `msg` and never hold literals. `msg` reads the table of the current locale on every access, so
 * markup that reads it re-renders when the locale changes (the language toggle, locale.svelte.ts).
 */

export type { Locale };
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export interface Messages {
  appTitle: string;
  districtName: string;
  notFound: string;
  backHome: string;
  connection: Record<ConnectionStatus, string>;
  counts: { onDuty: string; available: string; openIncidents: string };
  districtLoading: string;
  districtFailed: (message: string) => string;
  category: Record<IncidentCategory, string>;
  incidentStatus: Record<IncidentStatus, string>;
  unitKind: Record<UnitKind, string>;
  unitStatus: Record<UnitStatus, string>;
  source: Record<IncidentSource, string>;
  skill: Record<Skill, string>;
  priority: Record<Priority, string>;
  errors: Record<ErrorCode | 'TIMEOUT' | 'OFFLINE', string>;
  list: { title: string; empty: string; columns: string };
  age: { justNow: string; minutes: (m: number) => string; hours: (h: number, m: number) => string };
  panel: {
    close: string;
    category: string;
    priority: string;
    town: string;
    grid: string;
    status: string;
    description: string;
    noDescription: string;
    createdAt: string;
    source: string;
    units: string;
    timeline: string;
    recommendations: string;
    refresh: string;
    loading: string;
    noRecommendations: string;
    assign: string;
    assigning: string;
    assigned: string;
    notOpen: string;
  };
  reason: {
    km: (km: string) => string;
    metres: (m: number) => string;
    etaMinutes: (min: number) => string;
    homeGrid: string;
    otherGrid: string;
    workload: (n: number) => string;
    fixAge: (text: string) => string;
    seconds: (s: number) => string;
    minutes: (m: number) => string;
  };
  form: {
    open: string;
    title: string;
    pickHint: string;
    lng: string;
    lat: string;
    category: string;
    priority: string;
    source: string;
    description: string;
    descriptionPlaceholder: string;
    submit: string;
    submitting: string;
    cancel: string;
    needLocation: string;
  };
  legend: { title: string; offDuty: string };
  unknownArea: string;
  roles: Record<Role, string>;
  wholeDistrict: string;
  language: Record<Locale, string> & { label: string };
  screens: Record<Screen, string>;
  session: {
    checking: string;
    failed: (message: string) => string;
    retry: string;
    ended: string;
    kioskFailed: (detail: string) => string;
  };
  login: {
    title: string;
    subtitle: string;
    username: string;
    password: string;
    submit: string;
    submitting: string;
    failed: string;
  };
  account: { logout: string; loggingOut: string; signedInAs: string };
  field: {
    title: string;
    status: string;
    waiting: string;
    noUnit: string;
    actions: Record<FieldAction, string>;
    sending: string;
    incidents: string;
    noIncidents: string;
    assignedToMe: string;
    reportedByMe: string;
  };
  admin: {
    title: string;
    accounts: string;
    loading: string;
    columns: {
      username: string;
      label: string;
      role: string;
      scope: string;
      unit: string;
      state: string;
      actions: string;
    };
    active: string;
    disabled: string;
    none: string;
    edit: string;
    save: string;
    cancel: string;
    disable: string;
    enable: string;
    revoke: string;
    revoked: (n: number) => string;
    saved: string;
    needTown: string;
    needUnit: string;
    create: {
      title: string;
      username: string;
      password: string;
      passwordHint: string;
      label: string;
      labelPlaceholder: string;
      role: string;
      towns: string;
      unitId: string;
      unitPlaceholder: string;
      submit: string;
      submitting: string;
      created: (username: string) => string;
    };
    kiosk: {
      title: string;
      hint: string;
      label: string;
      labelPlaceholder: string;
      towns: string;
      submit: string;
      once: string;
      copy: string;
      copied: string;
      dismiss: string;
    };
  };
  audit: {
    title: string;
    columns: {
      time: string;
      actor: string;
      action: string;
      target: string;
      source: string;
      outcome: string;
      detail: string;
    };
    export: string;
    refresh: string;
    more: string;
    empty: string;
    outcome: Record<AuditOutcome, string>;
    /** the server's action names; an unknown one is shown as is */
    action: Record<string, string>;
  };
}

const TABLES: Record<Locale, Messages> = { zh, en };

export const msg: Messages = new Proxy({} as Messages, {
  get: (_target, key) => TABLES[locale.current][key as keyof Messages]
});

/** BCP 47 tag of the current locale, for Intl formatting. */
export function localeTag(): string {
  return locale.tag;
}
