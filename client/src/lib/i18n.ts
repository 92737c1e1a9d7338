import type {
  IncidentCategory,
  IncidentSource,
  IncidentStatus,
  OfferStatus,
  Priority,
  Skill,
  UnitKind,
  UnitStatus
} from '../../../shared/domain.ts';
import type { AUDIT_OUTCOMES, Role } from '../../../shared/access.ts';
import type { ErrorCode } from '../../../shared/result.ts';
import type { RefusalKey } from '../../../shared/refusal.ts';
import type { EXCLUSIONS } from '../../../shared/commands.ts';
import type { LifecycleAction } from '../../../shared/lifecycle.ts';
import type { DeviceCrs } from '../../../shared/devices.ts';
import type { ConnectionStatus } from './live.svelte.ts';
import type { FieldAction } from './field-actions.ts';
import type { LocationState } from './field-location.svelte.ts';
import type { Screen } from './route.ts';
import type { PromptKind } from './desk-actions.ts';
import type { NoteKey } from '../../../shared/timeline-note.ts';
import type { AuditField } from '../../../shared/audit-detail.ts';
import type { TrackBand } from './track-paths.ts';
import type { Place } from './place-search.svelte.ts';
import type { CoverageBand } from './coverage-bands.ts';
import type { SlaStep } from '../../../shared/kpis.ts';
import type { UnitAlertKind } from '../../../shared/unit-alerts.ts';
import type { AlarmedStep, AlarmLevel } from '../../../shared/sla.ts';
import type { CrsChoice, EncodingChoice, FieldRole } from './district-import-options.ts';
import { locale, tagOf, type Locale } from './locale.svelte.ts';
import { compile, keyPaths, type Named, type Table } from './messages/icu.ts';
import { zh } from './messages/zh.ts';
import { en } from './messages/en.ts';

/**
 * Every string the interface shows: a zh table (the default) and an en table of the same shape, in messages/, both
 * plain ICU MessageFormat strings compiled by FormatJS intl-messageformat (messages/icu.ts). Components read `msg`
 * and never hold literals: `msg.section.key` is a string, and a message declared here as a function is called with
 * its arguments (`msg.field.offer.distance('1.2 km')`). `msg` reads the current locale on every access, so markup
 * that reads it re-renders when the locale changes (the language toggle, locale.svelte.ts).
 */

export type { Locale };
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];
/** a step a refusal may name: the lifecycle's, and escalating, which is no status change */
export type LifecycleStep = LifecycleAction | 'escalate';

export interface Messages {
  appTitle: string;
  districtName: string;
  notFound: string;
  backHome: string;
  connection: Record<ConnectionStatus, string>;
  counts: { onDuty: string; available: string; openIncidents: string; overdue: string };
  districtLoading: string;
  districtFailed: (message: string) => string;
  /** a label with the server's own words after it: `登录失败（…）` */
  withDetail: (label: string, detail: string) => string;
  category: Record<IncidentCategory, string>;
  incidentStatus: Record<IncidentStatus, string>;
  unitKind: Record<UnitKind, string>;
  unitStatus: Record<UnitStatus, string>;
  source: Record<IncidentSource, string>;
  skill: Record<Skill, string>;
  priority: Record<Priority, string>;
  errors: Record<ErrorCode | 'TIMEOUT' | 'OFFLINE', string>;
  /** why the server refused, worded from the named values it sent (shared/refusal.ts; refusal-text.ts) */
  refusal: Record<RefusalKey, Named>;
  /** a step of an incident's life, as a refusal names it: `调度员无权办结` */
  lifecycleAction: Record<LifecycleStep, string>;
  list: { title: string; empty: string; columns: string; awaitingClose: string };
  badge: { duplicate: string; border: string; escalated: string };
  sla: Record<SlaStep, string>;
  offer: {
    status: Record<OfferStatus, string>;
    /** an open offer's countdown in the queue: `待接受 0:42` */
    pending: (time: string) => string;
    automatic: string;
  };
  actions: Record<PromptKind | 'offer' | 'acknowledge', string>;
  prompt: {
    title: Record<PromptKind, string>;
    /** what the action does to whom, under the title */
    unit: (name: string) => string;
    mergeInto: (id: string) => string;
    reason: string;
    reasonOptional: string;
    presets: Record<PromptKind, readonly string[]>;
    reassignTo: string;
    noCandidates: string;
    needReason: string;
    send: string;
    sending: string;
    cancel: string;
    hint: string;
    confirmHint: string;
  };
  keys: {
    title: string;
    move: string;
    open: string;
    offer: string;
    escalate: string;
    resolve: string;
    close: string;
    cancel: string;
    reopen: string;
    withdraw: string;
    merge: string;
    acknowledge: string;
    back: string;
  };
  alerts: {
    title: string;
    reason: (reason: string) => string;
    since: (time: string) => string;
    open: string;
    acknowledge: string;
    acknowledging: string;
    more: (n: number) => string;
  };
  /** SLA deadlines near or passed, in a bar beside the escalations (DeadlineBar.svelte) */
  deadlines: {
    level: Record<AlarmLevel, string>;
    step: Record<AlarmedStep, string>;
    /** the deadline as a clock time */
    due: (time: string) => string;
    open: string;
    acknowledge: string;
    /** what acknowledging does, on the button's hover */
    acknowledgeHint: string;
    more: (n: number) => string;
  };
  /** units that went quiet or strayed: the desk's list (UnitAlertList.svelte), the unit's card, the figures */
  unitAlerts: {
    title: string;
    kind: Record<UnitAlertKind, string>;
    /** how long since the last fix, in words */
    quietFor: (age: string) => string;
    neverFixed: string;
    battery: (pct: number) => string;
    /** the town the unit stands in now */
    leftTo: (town: string) => string;
    leftOutside: string;
    /** for its home town's desk, which no longer sees the unit itself */
    leftHidden: string;
    show: string;
    hide: string;
    more: (n: number) => string;
  };
  sound: { enable: string; enabled: string; unsupported: string };
  timeline: {
    /** the server's event types; an unknown one is shown as is */
    type: Record<string, string>;
    /** the server's own actors, the command line, an integration (by its name) */
    actor: {
      ladder: string;
      system: string;
      sim: string;
      cli: string;
      api: (name: string) => string;
    };
    /** the server's notes, worded from the named values it sent (shared/timeline-note.ts; timeline-text.ts) */
    note: Record<NoteKey, Named>;
    /** a change a phone kept while offline: when the person pressed it, and when it reached the server */
    pressedAt: (time: string) => string;
    receivedAt: (time: string) => string;
    photo: (n: number) => string;
    photoClose: string;
  };
  /** the card of a unit clicked on the desk's map: its fix, a request for a fresh one, its track */
  unitDetail: {
    close: string;
    kind: string;
    status: string;
    fix: string;
    speed: string;
    noFix: string;
    /** how long ago the fix was taken, from `seconds`/`minutes`/`hours` */
    ago: (age: string) => string;
    seconds: (s: number) => string;
    minutes: (m: number) => string;
    hours: (h: number) => string;
    kmh: (kmh: number) => string;
    locate: string;
    locateSending: string;
    locateWaiting: string;
    locateUpdated: (age: string) => string;
    locateNoPhone: string;
    locateNoAnswer: string;
    locateFailed: (error: string) => string;
    track: string;
    trackHours: (h: number) => string;
    trackClear: string;
    trackLoading: string;
    trackEmpty: (h: number) => string;
    trackSummary: (points: number, distance: string) => string;
    trackFailed: (error: string) => string;
    band: Record<TrackBand, string>;
    trackStart: string;
    trackEnd: string;
  };
  age: { justNow: string; minutes: (m: number) => string; hours: (h: number, m: number) => string };
  /** a span of time in words (lib/format.ts `formatSpan`), and a countdown that says which way it runs */
  span: {
    days: (n: number) => string;
    hours: (n: number) => string;
    minutes: (n: number) => string;
    seconds: (n: number) => string;
    left: (span: string) => string;
    over: (span: string) => string;
    /** how long ago: `12 分钟前` */
    ago: (span: string) => string;
  };
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
    /** how long ago it was reported, after the time */
    age: (age: string) => string;
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
    hide: string;
    sla: string;
    deadlines: string;
    offers: string;
    noOffers: string;
    offeredBy: (who: string) => string;
    duplicateOf: string;
    borderZone: string;
    escalation: string;
    escalationAcknowledged: (who: string, time: string) => string;
    unitsNeeded: (n: number) => string;
    reporter: string;
    revealContact: string;
    revealing: string;
  };
  /** any unit in scope, picked by name or id in the incident panel, or on the map */
  pickUnit: {
    title: string;
    search: string;
    noMatch: string;
    evaluating: string;
    /** its place in the full ranking */
    rank: (n: number) => string;
    /** why it is not among the ranked candidates */
    excluded: Record<(typeof EXCLUSIONS)[number], string>;
    offer: string;
    /** reassign: the picked unit replaces the named one */
    reassign: (name: string) => string;
    /** on the unit card of the map: weigh this unit for the open incident */
    forIncident: string;
    clear: string;
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
    /** the category table sends this kind first: `火情 P1 首派：巡逻` */
    firstLine: (category: string, priority: number, kind: string) => string;
    /** it does not: the unit ranks after every first-line one */
    notFirstLine: (category: string, priority: number, kind: string) => string;
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
    place: string;
    placePlaceholder: string;
    placeNone: string;
    placePicked: (name: string) => string;
    /** a town or community was chosen: the exact point is still to come */
    placePointPrompt: (name: string) => string;
    /** a grid was chosen: its label point stands until a click in the grid corrects it */
    placeProvisional: (name: string) => string;
    placeOutside: (name: string) => string;
    placeRelease: string;
    reporterName: string;
    reporterPhone: string;
    optional: string;
    needPhone: string;
    badPhone: string;
    longName: (max: number) => string;
  };
  /** the map canvas's accessible name (MapLibre's own is English) */
  mapTitle: string;
  placeLayer: Record<Place['layer'], string>;
  legend: { title: string; offDuty: string };
  /** MapLibre's own words (its canvas's label, the attribution button), in the screen's language */
  mapUi: {
    map: string;
    attribution: string;
    marker: string;
    logo: string;
    zoomIn: string;
    zoomOut: string;
  };
  /** the map's optional layers: blind spots with suggested moves, incident history, unit trails, overdue halos */
  mapLayers: {
    title: string;
    coverage: string;
    band: Record<CoverageBand, string>;
    /** a grid's tooltip: its name and how soon a P1 responder could be there */
    gridEta: (grid: string, eta: string) => string;
    unreachable: string;
    history: string;
    /** the history switch's states: off, or the window in days */
    historyWindow: (days: number | null) => string;
    historyCount: (n: number) => string;
    historyLoading: string;
    historyFailed: (error: string) => string;
    trails: string;
    on: string;
    off: string;
    /** the key that switches a layer, beside its name */
    key: (key: string) => string;
    overdue: string;
    moves: {
      title: string;
      empty: string;
      /** one suggestion: which unit to which grid */
      row: (unit: string, grid: string) => string;
      select: string;
    };
  };
  /** the wall's attention: the new P1 or the SLA breach in focus and what waits after it */
  attention: {
    title: string;
    /** the heading of a breach in focus, by the clock that ran out */
    breach: Record<AlarmedStep, string>;
    waiting: (n: number) => string;
    returnsIn: (seconds: number) => string;
    candidates: string;
    ranking: string;
    noCandidates: string;
  };
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
    /** the header's menu: night/day, sound, language, account */
    menu: string;
    status: string;
    waiting: string;
    noUnit: string;
    actions: Record<FieldAction, string>;
    sending: string;
    incidents: string;
    noIncidents: string;
    assignedToMe: string;
    reportedByMe: string;
    myOffer: Record<OfferStatus, string>;
    offer: {
      title: string;
      accept: string;
      decline: string;
      declineTitle: string;
      reasons: readonly string[];
      other: string;
      otherPlaceholder: string;
      sendDecline: string;
      back: string;
      distance: (text: string) => string;
      distanceUnknown: string;
      answerWithin: (time: string) => string;
      expired: string;
      /** the small map's legend */
      mapIncident: string;
      mapMe: string;
    };
    /** the position-sharing indicator and switch, always on screen */
    location: {
      state: Record<LocationState, string>;
      accuracy: (metres: number) => string;
      lastSent: (time: string) => string;
      notSentYet: string;
      turnOn: string;
      turnOff: string;
      deniedHint: string;
      requested: string;
      requestedBy: (who: string, time: string) => string;
      sendOnce: string;
      locating: string;
      dismiss: string;
    };
    /** the outbox: what waits to be sent and what the server would not take */
    queue: {
      waiting: (n: number) => string;
      positions: (n: number) => string;
      pendingMark: string;
      refusedTitle: string;
      dismiss: string;
      accept: string;
      decline: string;
      status: (status: string) => string;
      report: (category: string) => string;
      photoDropped: (reason: string) => string;
    };
    /** photos taken with the camera for a command */
    photos: {
      title: string;
      take: string;
      remove: string;
      count: (n: number, max: number) => string;
      preparing: string;
      unreadable: string;
    };
    /** 完成: the resolution sheet */
    done: {
      title: string;
      note: string;
      notePlaceholder: string;
      submit: string;
      cancel: string;
    };
    /** reporting a new incident from the field */
    report: {
      open: string;
      title: string;
      category: string;
      priority: string;
      note: string;
      notePlaceholder: string;
      at: (where: string, accuracy: string) => string;
      /** the grid the fix lies in, with its town: `凤岭社区第5网格 · 淳溪街道` */
      place: (grid: string, town: string) => string;
      /** the fix lies in no grid of the district */
      outside: string;
      noFix: string;
      submit: string;
      cancel: string;
    };
    /** light for sunlight (the default), dark for the night */
    theme: { toDark: string; toLight: string };
    /** a new version of the app was downloaded and waits for a reload */
    update: { ready: string; apply: string };
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
    /** an account needs the name screens show for it */
    needName: string;
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
      /** the account names a unit the roster does not hold (retired, or not loaded) */
      unitUnknown: (id: string) => string;
      unitNoMatch: string;
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
      lang: string;
      submit: string;
      once: string;
      copy: string;
      copied: string;
      dismiss: string;
    };
    integrations: {
      title: string;
      hint: string;
      name: string;
      namePlaceholder: string;
      nameRule: string;
      columns: { name: string; source: string; createdAt: string; state: string; actions: string };
      empty: string;
      submit: string;
      submitting: string;
      once: string;
      usage: string;
    };
    /** GPS devices that report over the OsmAnd protocol (Traccar Client, OsmAnd, car trackers) */
    devices: {
      title: string;
      hint: string;
      serverUrl: string;
      columns: {
        id: string;
        unit: string;
        crs: string;
        label: string;
        lastSeen: string;
        battery: string;
        verdict: string;
        actions: string;
      };
      crsName: Record<DeviceCrs, string>;
      idPlaceholder: string;
      idRule: string;
      unitPlaceholder: string;
      unitUnknown: string;
      labelPlaceholder: string;
      never: string;
      battery: (pct: number, charging: boolean) => string;
      /** what became of the last fix: live, history, or the fix filter's reason (server/live/fix-filter.ts) */
      verdict: Record<string, string>;
      empty: string;
      refresh: string;
      submit: string;
      submitting: string;
      remove: string;
      confirmRemove: (id: string) => string;
    };
  };
  /** /admin's category table: who responds first to each category and priority (shared/category-rules.ts) */
  categoryRules: {
    title: string;
    hint: string;
    category: string;
    skills: string;
    unitsNeeded: string;
    /** the version in force: its number, when and by whom it was saved */
    version: (version: number, when: string, who: string) => string;
    defaults: string;
    save: string;
    saving: string;
    saved: string;
    revert: string;
    restoreDefaults: string;
    unsaved: string;
    /** a priority left without a first-line kind: `火情 P1 紧急 至少要选一种首派力量` */
    noKind: (category: string, priority: string) => string;
  };
  /** /admin's district import: options, the validator's report and its map, applying, the kept versions */
  districtImport: {
    title: string;
    hint: string;
    file: string;
    choose: string;
    noFile: string;
    fileHint: string;
    crs: string;
    crsChoice: Record<CrsChoice, string>;
    epsg: string;
    epsgPlaceholder: string;
    encoding: string;
    encodingChoice: Record<EncodingChoice, string>;
    fields: string;
    /** an attribute's role, also what a missing field is called */
    field: Record<FieldRole, string>;
    fieldPlaceholder: Record<FieldRole, string>;
    sliver: string;
    sliverHint: string;
    upload: string;
    uploading: string;
    badType: string;
    tooLarge: (mb: number) => string;
    badEpsg: string;
    badSliver: string;
    report: {
      title: string;
      counts: { comprehensive: string; specialised: string; towns: string; communities: string };
      ok: string;
      notOk: (errors: number) => string;
      errors: (n: number) => string;
      warnings: (n: number) => string;
      warningsHint: string;
      more: (n: number) => string;
      locate: string;
    };
    /** each problem worded from its kind, codes, area and reason (district-problems.ts), never its English message */
    problem: {
      gap: (area: string, at: string) => string;
      gapSomewhere: (area: string) => string;
      overlap: (a: string, b: string, area: string) => string;
      invalidGeometry: (code: string, why: string) => string;
      invalidGeometryBare: (code: string) => string;
      geometryReason: Record<string, string>;
      outside: (code: string, area: string) => string;
      outsideSomewhere: (code: string) => string;
      duplicateCode: (code: string) => string;
      missingField: (field: string) => string;
      missingFieldAt: (field: string, where: string) => string;
      /** what may be missing beside the mapped fields (`field`): a feature's layer, the district outline */
      missingWhat: Record<string, string>;
      someField: string;
      /** a grid's parent level, as a wrong-parent problem's reason names it */
      level: Record<string, string>;
      wrongParent: (grid: string, named: string, actual: string) => string;
      wrongParentOutside: (grid: string, named: string, level: string) => string;
      wrongParentNamed: (grid: string, named: string) => string;
      wrongParentUnknown: (grid: string, level: string, named: string) => string;
      wrongParentUnknownIn: (grid: string, level: string, named: string, actual: string) => string;
      wrongParentUnnamed: (grid: string, level: string) => string;
      wrongParentCommunity: (grid: string, community: string, town: string) => string;
      retiredCode: (code: string) => string;
      unreadable: (why: string) => string;
      unreadableBare: string;
      unreadableReason: Record<string, string>;
      other: (kind: string) => string;
    };
    map: { title: string; error: string; warning: string; town: string };
    note: string;
    notePlaceholder: string;
    apply: string;
    applying: string;
    applyBlocked: string;
    expired: string;
    applied: (version: number) => string;
    versions: {
      title: string;
      columns: {
        id: string;
        createdAt: string;
        actor: string;
        source: string;
        grids: string;
        retired: string;
        current: string;
        actions: string;
      };
      current: string;
      activate: string;
      confirmActivate: (id: number) => string;
      system: string;
      empty: string;
      refresh: string;
    };
    /** an incident's grid that the district in force no longer has */
    gridRetired: (code: string) => string;
  };
  audit: {
    title: string;
    columns: {
      time: string;
      actor: string;
      action: string;
      source: string;
      outcome: string;
      detail: string;
    };
    export: string;
    refresh: string;
    more: string;
    empty: string;
    outcome: Record<AuditOutcome, string>;
    /** the server's action names; an unknown one is `otherAction` */
    action: Record<string, string>;
    otherAction: string;
    /** who tried a wall link that was not valid */
    kioskActor: string;
    /** the sources that are no address: the server starting up, its own jobs, the command line */
    origin: { local: string; server: string; cli: string };
    /** the names of a detail's facts (shared/audit-detail.ts) */
    field: Record<AuditField, string>;
    /** one fact: `事件：INC-…` */
    fact: (name: string, value: string) => string;
    separator: string;
    yes: string;
    no: string;
    wholeDistrict: string;
    accept: string;
    decline: string;
  };
  /** the command-centre wall (/wall) and the town leader's figures strip (/town) */
  wall: {
    /** a figure with nothing behind it yet */
    none: string;
    loading: string;
    badAnswer: string;
    /** the last figures stay up when a refresh fails; this says so */
    stale: (error: string) => string;
    updated: (time: string) => string;
    open: string;
    openTotal: string;
    overdue: string;
    reportedToday: string;
    breaches: string;
    response: string;
    step: Record<SlaStep, string>;
    withinSla: string;
    unitsOnDuty: string;
    available: string;
    coverage: string;
    within5: string;
    within10: string;
    towns: string;
    column: {
      town: string;
      open: string;
      overdue: string;
      available: string;
      within5: string;
      within10: string;
    };
    ticker: string;
    tickerEmpty: string;
    hourly: string;
    hourlyToday: string;
    hourlyAverage: string;
    hour: (h: number) => string;
    byCategory: string;
    strip: { title: string; show: string; hide: string };
  };
}

const TABLES = { zh, en } satisfies Record<Locale, Table<Messages>>;

/** each locale's tables compiled once, on first use */
const compiled = new Map<Locale, Messages>();

function messagesOf(l: Locale): Messages {
  let m = compiled.get(l);
  if (!m) {
    m = compile<Messages>(TABLES[l], tagOf(l));
    compiled.set(l, m);
  }
  return m;
}

export const msg: Messages = new Proxy({} as Messages, {
  get: (_target, key) => messagesOf(locale.current)[key as keyof Messages]
});

/** Every message key of each locale's table, as dotted paths: the browser test checks both hold the same. */
export function dictionaryKeys(): Record<Locale, string[]> {
  return { zh: keyPaths(TABLES.zh), en: keyPaths(TABLES.en) };
}

/** BCP 47 tag of the current locale, for Intl formatting. */
export function localeTag(): string {
  return locale.tag;
}
