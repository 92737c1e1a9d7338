import type { Messages } from '../i18n.ts';

/** The English table: the same keys as zh.ts. */
export const en: Messages = {
  appTitle: 'Gridwatch',
  districtName: 'Gaochun',
  notFound: 'Page not found',
  backHome: 'Back to start',
  connection: { connecting: 'Connecting', online: 'Live', offline: 'Disconnected' },
  counts: { onDuty: 'On duty', available: 'Available', openIncidents: 'Open incidents' },
  districtLoading: 'Loading district…',
  districtFailed: (m) => `District failed to load: ${m}`,
  category: {
    dispute: 'Dispute',
    public_order: 'Public order',
    safety_hazard: 'Safety hazard',
    petition: 'Petition',
    fraud: 'Fraud',
    fire: 'Fire',
    traffic: 'Traffic',
    injury: 'Injury'
  },
  incidentStatus: {
    reported: 'Reported',
    dispatched: 'Dispatched',
    accepted: 'Accepted',
    en_route: 'En route',
    on_scene: 'On scene',
    resolved: 'Resolved',
    closed: 'Closed',
    cancelled: 'Cancelled'
  },
  unitKind: {
    patrol: 'Patrol',
    security: 'Security',
    grid_worker: 'Grid worker',
    volunteer: 'Volunteer',
    mediator: 'Mediator'
  },
  unitStatus: {
    off_duty: 'Off duty',
    available: 'Available',
    assigned: 'Assigned',
    en_route: 'En route',
    on_scene: 'On scene'
  },
  source: {
    hotline: 'Hotline',
    camera: 'Camera alarm',
    grid_worker: 'Grid worker',
    volunteer: 'Volunteer',
    walk_in: 'Walk-in',
    dispatcher: 'Dispatcher'
  },
  skill: {
    mediation: 'Mediation',
    legal: 'Legal',
    first_aid: 'First aid',
    fire: 'Fire',
    traffic: 'Traffic'
  },
  priority: { 1: 'P1 urgent', 2: 'P2 high', 3: 'P3 normal', 4: 'P4 low' },
  errors: {
    INVALID: 'Invalid request',
    UNAUTHORIZED: 'Not signed in, or the session expired',
    FORBIDDEN: 'Not allowed for this account',
    NOT_FOUND: 'Not found',
    OUTSIDE_DISTRICT: 'Location is outside the district',
    INVALID_TRANSITION: 'Not allowed in the current status',
    UNIT_UNAVAILABLE: 'Unit is not available',
    RATE_LIMITED: 'Too many requests',
    INTERNAL: 'Server error',
    TIMEOUT: 'Request timed out, try again',
    OFFLINE: 'Disconnected, try again shortly'
  },
  list: {
    title: 'Incident queue',
    empty: 'No open incidents',
    columns: 'By priority, then waiting time'
  },
  age: {
    justNow: 'now',
    minutes: (m) => `${m} min`,
    hours: (h, m) => `${h} h ${m} min`
  },
  panel: {
    close: 'Close',
    category: 'Category',
    priority: 'Priority',
    town: 'Town',
    grid: 'Grid',
    status: 'Status',
    description: 'Description',
    noDescription: '(none)',
    createdAt: 'Reported',
    source: 'Source',
    units: 'Units',
    timeline: 'Timeline',
    recommendations: 'Recommended units (top 5)',
    refresh: 'Refresh',
    loading: 'Ranking units…',
    noRecommendations: 'No available units nearby',
    assign: 'Assign',
    assigning: 'Assigning…',
    assigned: 'Assigned',
    notOpen: 'Incident is closed'
  },
  reason: {
    km: (km) => `${km} km`,
    metres: (m) => `${m} m`,
    etaMinutes: (min) => `≈${min} min`,
    homeGrid: 'home grid',
    otherGrid: 'other grid',
    workload: (n) => `${n} open tasks`,
    fixAge: (text) => `fix ${text} old`,
    seconds: (s) => `${s} s`,
    minutes: (m) => `${m} min`
  },
  form: {
    open: 'New incident',
    title: 'New incident',
    pickHint: 'Click the map to pick the location, or type longitude and latitude',
    lng: 'Longitude',
    lat: 'Latitude',
    category: 'Category',
    priority: 'Priority',
    source: 'Source',
    description: 'Description',
    descriptionPlaceholder: 'What is happening, who to contact…',
    submit: 'Submit',
    submitting: 'Submitting…',
    cancel: 'Cancel',
    needLocation: 'Pick a location on the map first'
  },
  legend: { title: 'Units', offDuty: 'off duty' },
  unknownArea: '—',
  roles: {
    admin: 'Administrator',
    commander: 'Commander',
    dispatcher: 'Dispatcher',
    town_leader: 'Town leader',
    field: 'Field unit',
    wall: 'Wall display'
  },
  wholeDistrict: 'Whole district',
  language: { label: 'Language', zh: '中文', en: 'English' },
  screens: {
    login: 'Sign in',
    dispatch: 'Dispatch',
    town: 'Town desk',
    wall: 'Wall',
    field: 'Field',
    admin: 'Administration',
    not_found: 'Not found'
  },
  session: {
    checking: 'Checking your session…',
    failed: (m) => `Cannot reach the server: ${m}`,
    retry: 'Retry',
    ended: 'Your session has ended. Please sign in again.',
    kioskFailed: (detail) => `The wall link is invalid or disabled (${detail})`
  },
  login: {
    title: 'Sign in',
    subtitle: 'Command and dispatch for grid-based community governance',
    username: 'Username',
    password: 'Password',
    submit: 'Sign in',
    submitting: 'Signing in…',
    failed: 'Sign-in failed'
  },
  account: { logout: 'Sign out', loggingOut: 'Signing out…', signedInAs: 'Signed in as' },
  field: {
    title: 'Field unit',
    status: 'Status',
    waiting: 'Waiting for your unit…',
    noUnit: 'This account is not bound to a unit; ask an administrator',
    actions: {
      on_duty: 'On duty',
      off_duty: 'Off duty',
      depart: 'Depart',
      arrive: 'Arrived',
      done: 'Done'
    },
    sending: 'Sending…',
    incidents: 'My incidents',
    noIncidents: 'No incidents',
    assignedToMe: 'Assigned to me',
    reportedByMe: 'Reported by me'
  },
  admin: {
    title: 'Administration',
    accounts: 'Accounts',
    loading: 'Loading…',
    columns: {
      username: 'Username',
      label: 'Name',
      role: 'Role',
      scope: 'Scope',
      unit: 'Unit',
      state: 'State',
      actions: 'Actions'
    },
    active: 'Active',
    disabled: 'Disabled',
    none: '—',
    edit: 'Edit',
    save: 'Save',
    cancel: 'Cancel',
    disable: 'Disable',
    enable: 'Enable',
    revoke: 'Sign out everywhere',
    revoked: (n) => `${n} session(s) ended`,
    saved: 'Saved',
    needTown: 'A town leader needs at least one town',
    needUnit: 'A field account must be bound to a unit id',
    create: {
      title: 'New account',
      username: 'Username',
      password: 'Initial password',
      passwordHint: 'at least 8 characters',
      label: 'Name',
      labelPlaceholder: 'Display name (optional)',
      role: 'Role',
      towns: 'Scope',
      unitId: 'Unit id',
      unitPlaceholder: 'required for a field unit',
      submit: 'Create account',
      submitting: 'Creating…',
      created: (u) => `Account ${u} created`
    },
    kiosk: {
      title: 'Wall links',
      hint: 'A wall display signs in with its link, no password; it is read-only.',
      label: 'Name',
      labelPlaceholder: 'e.g. District command centre wall',
      towns: 'Shows',
      submit: 'Create link',
      once: 'This link is shown only this once: copy it now and keep it safe.',
      copy: 'Copy',
      copied: 'Copied',
      dismiss: 'I have saved it'
    }
  },
  audit: {
    title: 'Audit log',
    columns: {
      time: 'Time',
      actor: 'Actor',
      action: 'Action',
      target: 'Target',
      source: 'Source',
      outcome: 'Outcome',
      detail: 'Detail'
    },
    export: 'Export CSV',
    refresh: 'Refresh',
    more: 'Load older entries',
    empty: 'No entries',
    outcome: { ok: 'OK', denied: 'Denied', failed: 'Failed' },
    action: {
      login: 'Sign in',
      'kiosk login': 'Wall sign-in',
      logout: 'Sign out',
      'account.create': 'Create account',
      'account.update': 'Change account',
      'sessions.revoke': 'End sessions',
      'kiosk.create': 'Create wall link',
      'incident.create': 'Create incident',
      'dispatch.assign': 'Assign unit',
      'unit.status': 'Report status'
    }
  }
};
