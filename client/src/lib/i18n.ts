import type {
  IncidentCategory,
  IncidentSource,
  IncidentStatus,
  Priority,
  Skill,
  UnitKind,
  UnitStatus
} from '../../../shared/domain.ts';
import type { ErrorCode } from '../../../shared/result.ts';
import type { ConnectionStatus } from './live.svelte.ts';

/**
 * Every string the interface shows, in one place: a zh table (the default) and an en table of the same shape.
 * A real i18n library replaces this later; until then components read `msg` and never hold literals.
 */

export type Locale = 'zh' | 'en';

export interface Messages {
  appTitle: string;
  districtName: string;
  notFound: string;
  backToDispatch: string;
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
}

const zh: Messages = {
  appTitle: '网格指挥',
  districtName: '高淳区',
  notFound: '页面不存在',
  backToDispatch: '返回调度台',
  connection: { connecting: '连接中', online: '实时在线', offline: '连接中断' },
  counts: { onDuty: '在岗', available: '可调派', openIncidents: '待办事件' },
  districtLoading: '正在加载辖区数据…',
  districtFailed: (m) => `辖区数据加载失败：${m}`,
  category: {
    dispute: '矛盾纠纷',
    public_order: '治安',
    safety_hazard: '安全隐患',
    petition: '信访',
    fraud: '诈骗',
    fire: '火情',
    traffic: '交通',
    injury: '伤病'
  },
  incidentStatus: {
    reported: '待派遣',
    dispatched: '已派遣',
    accepted: '已接单',
    en_route: '赶赴中',
    on_scene: '已到场',
    resolved: '已处置',
    closed: '已办结',
    cancelled: '已撤销'
  },
  unitKind: {
    patrol: '巡逻',
    security: '保安',
    grid_worker: '网格员',
    volunteer: '志愿者',
    mediator: '调解员'
  },
  unitStatus: {
    off_duty: '不在岗',
    available: '可调派',
    assigned: '已指派',
    en_route: '途中',
    on_scene: '在现场'
  },
  source: {
    hotline: '热线',
    camera: '视频告警',
    grid_worker: '网格员上报',
    volunteer: '志愿者上报',
    walk_in: '来访',
    dispatcher: '调度员录入'
  },
  skill: { mediation: '调解', legal: '法律', first_aid: '急救', fire: '消防', traffic: '交通' },
  priority: { 1: 'P1 紧急', 2: 'P2 较急', 3: 'P3 一般', 4: 'P4 低' },
  errors: {
    INVALID: '请求无效',
    NOT_FOUND: '对象不存在',
    OUTSIDE_DISTRICT: '位置不在辖区内',
    INVALID_TRANSITION: '当前状态不允许此操作',
    UNIT_UNAVAILABLE: '该力量当前不可调派',
    RATE_LIMITED: '操作过于频繁',
    INTERNAL: '服务器内部错误',
    TIMEOUT: '请求超时，请重试',
    OFFLINE: '连接中断，请稍后重试'
  },
  list: { title: '事件队列', empty: '暂无待办事件', columns: '按优先级、等待时长排序' },
  age: {
    justNow: '刚刚',
    minutes: (m) => `${m} 分钟`,
    hours: (h, m) => `${h} 小时 ${m} 分`
  },
  panel: {
    close: '关闭',
    category: '类别',
    priority: '优先级',
    town: '镇街',
    grid: '网格',
    status: '状态',
    description: '描述',
    noDescription: '（无）',
    createdAt: '上报时间',
    source: '来源',
    units: '处置力量',
    timeline: '处置时间线',
    recommendations: '推荐力量（前 5）',
    refresh: '刷新',
    loading: '正在计算推荐…',
    noRecommendations: '附近暂无可调派力量',
    assign: '指派',
    assigning: '指派中…',
    assigned: '已指派',
    notOpen: '事件已结束'
  },
  reason: {
    km: (km) => `${km} km`,
    metres: (m) => `${m} m`,
    etaMinutes: (min) => `≈${min} 分钟`,
    homeGrid: '本网格',
    otherGrid: '跨网格',
    workload: (n) => `在办 ${n} 件`,
    fixAge: (text) => `定位 ${text}前`,
    seconds: (s) => `${s} 秒`,
    minutes: (m) => `${m} 分钟`
  },
  form: {
    open: '新建事件',
    title: '新建事件',
    pickHint: '在地图上点击选择位置，或直接填写经纬度',
    lng: '经度',
    lat: '纬度',
    category: '类别',
    priority: '优先级',
    source: '来源',
    description: '描述',
    descriptionPlaceholder: '现场情况、联系人、诉求…',
    submit: '提交',
    submitting: '提交中…',
    cancel: '取消',
    needLocation: '请先在地图上选择位置'
  },
  legend: { title: '力量', offDuty: '不在岗' },
  unknownArea: '—'
};

const en: Messages = {
  appTitle: 'Gridwatch',
  districtName: 'Gaochun',
  notFound: 'Page not found',
  backToDispatch: 'Back to dispatch',
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
  unknownArea: '—'
};

const TABLES: Record<Locale, Messages> = { zh, en };

/** `?lang=en` switches to English; everything else is Chinese. */
export const locale: Locale =
  typeof location !== 'undefined' && new URLSearchParams(location.search).get('lang') === 'en'
    ? 'en'
    : 'zh';

export const msg: Messages = TABLES[locale];

/** BCP 47 tag for Intl formatting. */
export const LOCALE_TAG = locale === 'zh' ? 'zh-CN' : 'en-GB';
