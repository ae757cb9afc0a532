/**
 * Chinese first, English available (?lang=en, remembered). Strings live in one table per
 * language; numbers and times are formatted for the chosen locale.
 */
export type Lang = 'zh' | 'en';

const STRINGS = {
  appTitle: { zh: '郑州市城市运行管理中心 · 智慧大脑', en: 'Zhengzhou City Operations Centre · City Brain' },
  consoleTitle: { zh: '城市运行指挥台', en: 'Duty officer console' },
  workerTitle: { zh: '网格员工作台', en: 'Grid worker' },
  deskTitle: { zh: '部门处置台', en: 'Department desk' },
  deskQueue: { zh: '待办事件', en: 'My queue' },
  deskEmpty: { zh: '暂无派给本部门的待办事件', en: 'Nothing dispatched to this department is open' },
  deskSign: { zh: '签收', en: 'Sign in' },
  deskHandle: { zh: '开始处置', en: 'Start handling' },
  deskResolve: { zh: '办结', en: 'Resolve' },
  deskReturn: { zh: '退回', en: 'Return' },
  deskNote: { zh: '处置说明', en: 'Note' },
  deskReturnReason: { zh: '退回原因（必填）', en: 'Reason for returning (required)' },
  deskPhoto: { zh: '现场照片', en: 'Photo' },
  deskDueIn: { zh: '剩余', en: 'due in' },
  deskOverdue: { zh: '已超时', en: 'overdue by' },
  deskSignOut: { zh: '退出登录', en: 'Sign out' },
  connected: { zh: '实时连接正常', en: 'Live' },
  connecting: { zh: '正在连接…', en: 'Connecting…' },
  disconnected: { zh: '连接中断，正在重连', en: 'Disconnected, reconnecting' },
  lastUpdate: { zh: '数据更新', en: 'Updated' },
  hierarchy: { zh: '网格体系', en: 'Grid hierarchy' },
  districts: { zh: '区县(市)', en: 'Districts' },
  functionalZones: { zh: '其中功能区', en: 'of which zones' },
  streets: { zh: '乡镇(街道)', en: 'Streets/towns' },
  communities: { zh: '村(社区)', en: 'Communities' },
  grids: { zh: '网格', en: 'Grids' },
  microGrids: { zh: '微网格', en: 'Micro-grids' },
  exclusiveGrids: { zh: '专属网格', en: 'Exclusive grids' },
  workers: { zh: '网格力量', en: 'Grid workforce' },
  departments: { zh: '职能部门', en: 'Departments' },
  areaKm2: { zh: '面积(平方公里)', en: 'Area (km²)' },
  gridsByDistrict: { zh: '各区县网格数', en: 'Grids by district' },
  workforce: { zh: '网格力量构成', en: 'Workforce by role' },
  centres: { zh: '城运中心', en: 'Operations centres' },
  mapLoading: { zh: '地图加载中…', en: 'Loading map…' },
  mapError: { zh: '地图加载失败', en: 'Map failed to load' },
  locateTitle: { zh: '网格定位查询', en: 'Locate in the grid' },
  locateHint: { zh: '点击地图或输入经纬度，查询所属区县、街道、社区、网格', en: 'Click the map or enter coordinates to find the district, street, community and grid' },
  longitude: { zh: '经度', en: 'Longitude' },
  latitude: { zh: '纬度', en: 'Latitude' },
  locate: { zh: '查询', en: 'Locate' },
  outsideCity: { zh: '该位置不在郑州市范围内', en: 'This point is outside Zhengzhou' },
  district: { zh: '区县', en: 'District' },
  street: { zh: '街道', en: 'Street' },
  community: { zh: '社区', en: 'Community' },
  grid: { zh: '网格', en: 'Grid' },
  microGrid: { zh: '微网格', en: 'Micro-grid' },
  exclusive: { zh: '专属', en: 'exclusive' },
  myGrid: { zh: '我所在的网格', en: 'My grid' },
  useMyLocation: { zh: '使用当前位置', en: 'Use my location' },
  locationDenied: { zh: '无法获取位置，请手动输入经纬度', en: 'Location unavailable; enter coordinates' },
  language: { zh: 'English', en: '中文' },
  peopleUnit: { zh: '人', en: ' workers' },
  loginTitle: { zh: '智慧大脑 · 登录', en: 'City Brain · Sign in' },
  username: { zh: '用户名', en: 'Username' },
  password: { zh: '密码', en: 'Password' },
  login: { zh: '登录', en: 'Sign in' },
  loginFailed: { zh: '登录失败', en: 'Sign-in failed' },
  demoAccount: { zh: '演示账号', en: 'Demo account' },
  sentBy: { zh: '发送', en: 'sent by' },
  overloaded: { zh: '系统繁忙 · 数据可能滞后', en: 'Busy · figures may be late' },
  updatedBy: { zh: '更新', en: 'updated by' },
  cancelledBy: { zh: '撤回人', en: 'cancelled by' },
  enrolTitle: { zh: '首次激活本机', en: 'Activate this phone' },
  enrolHint: { zh: '输入网格员编号和激活码（见激活单），本机将获得专属凭证，此后自动登录。', en: 'Enter your worker id and the one-time code from your enrolment sheet; the phone gets its own credential and signs in by itself from then on.' },
  enrolCode: { zh: '激活码', en: 'One-time code' },
  enrol: { zh: '激活', en: 'Activate' },
  enrolFailed: { zh: '激活失败', en: 'Activation failed' },
  orPassword: { zh: '或使用密码登录', en: 'or sign in with a password' },
  orEnrol: { zh: '使用激活码激活本机', en: 'activate this phone with a code' },
  todayEvents: { zh: '今日受理', en: 'Events today' },
  completionRate: { zh: '办结率', en: 'Completion' },
  satisfactionRate: { zh: '满意率', en: 'Satisfaction' },
  signInMean: { zh: '平均签收', en: 'Mean sign-in' },
  signInP90: { zh: '签收P90', en: 'Sign-in p90' },
  dispatchStatus: { zh: '派遣处置态势', en: 'Dispatch status' },
  dispatchBacklog: { zh: '在办', en: 'Held' },
  dispatchOnTime: { zh: '按时办结', en: 'On time' },
  dispatchWhistles: { zh: '待报到', en: 'To report in' },
  dispatchReturns: { zh: '退回', en: 'Returns' },
  heldResolvedIn: { zh: '办结用时', en: 'resolved in' },
  casesHeld: { zh: '受理案件', en: 'Held' },
  casesClosed: { zh: '已办结', en: 'Closed' },
  casesClosedRate: { zh: '办结率', en: 'Closed rate' },
  caseOpen: { zh: '办理中', en: 'Open' },
  caseClosed: { zh: '已办结', en: 'Closed' },
  caseMeetings: { zh: '联席会议', en: 'Joint meetings' },
  caseOpenTitle: { zh: '立三跨案件', en: 'Open a case' },
  caseTitle: { zh: '案件名称', en: 'Title' },
  caseEvents: { zh: '关联事件编号', en: 'Event ids' },
  caseKinds: { zh: '类型', en: 'Spans' },
  caseOpenedBy: { zh: '立案', en: 'Opened' },
  caseParticipants: { zh: '参会单位（用顿号分隔）', en: 'Participants (separated by 、)' },
  caseDecisions: { zh: '会议决定', en: 'Decisions' },
  caseRecordMeeting: { zh: '记录联席会议', en: 'Record the meeting' },
  caseResolution: { zh: '办结情况', en: 'Resolution' },
  caseClose: { zh: '办结案件', en: 'Close the case' },
  tabDesk: { zh: '事件处置', en: 'Event desk' },
  tabBroadcast: { zh: '广播与模式', en: 'Broadcasts & mode' },
  tabWhistles: { zh: '吹哨报到', en: 'Whistles' },
  tabCases: { zh: '三跨案件', en: 'Cross-boundary cases' },
  filterMine: { zh: '待我处理', en: 'Waiting on me' },
  filterAll: { zh: '全部', en: 'All' },
  filterState: { zh: '状态', en: 'State' },
  filterOpen: { zh: '未办结', en: 'Open' },
  filterClosed: { zh: '已办结', en: 'Closed' },
  filterDistrict: { zh: '区县', en: 'District' },
  filterStreet: { zh: '街道', en: 'Street' },
  filterCategory: { zh: '类别', en: 'Category' },
  filterChannel: { zh: '渠道', en: 'Channel' },
  filterDepartment: { zh: '部门', en: 'Department' },
  filterSla: { zh: '时限', en: 'Deadline' },
  filterOverdue: { zh: '已超时', en: 'Overdue' },
  filterNear: { zh: '临近超时', en: 'Due soon' },
  filterClear: { zh: '清除筛选', en: 'Clear filters' },
  reason_toAccept: { zh: '待受理', en: 'To accept' },
  reason_toFile: { zh: '待立案', en: 'To file' },
  reason_toDispatch: { zh: '待派遣', en: 'To dispatch' },
  reason_duplicate: { zh: '疑似重复', en: 'Duplicate?' },
  reason_returned: { zh: '被退回', en: 'Returned' },
  reason_escalated: { zh: '已升级', en: 'Escalated' },
  reason_overdue: { zh: '已超时', en: 'Overdue' },
  deskShown: { zh: '显示', en: 'Showing' },
  deskOf: { zh: '共', en: 'of' },
  deskOmitted: { zh: '较早事件未载入', en: 'older events not loaded' },
  deskSelect: { zh: '在列表或地图上选择一个事件', en: 'Pick an event in the list or on the map' },
  deskSyncing: { zh: '正在同步…', en: 'Syncing…' },
  detailReporter: { zh: '报告人', en: 'Reporter' },
  detailLocation: { zh: '位置', en: 'Location' },
  detailHistory: { zh: '处置记录', en: 'History' },
  detailPhotos: { zh: '照片', en: 'Photos' },
  detailDuplicateOf: { zh: '重复于', en: 'Duplicate of' },
  detailDepartments: { zh: '承办部门', en: 'Departments' },
  detailLead: { zh: '牵头', en: 'lead' },
  detailLeader: { zh: '包派领导', en: 'Leader' },
  detailHeld: { zh: '当前由', en: 'Held by' },
  detailSince: { zh: '已持续', en: 'for' },
  detailReceived: { zh: '接报', en: 'Received' },
  detailSpans: { zh: '三跨事项', en: 'Spans jurisdictions' },
  actAccept: { zh: '受理', en: 'Accept' },
  actFile: { zh: '立案', en: 'File' },
  actDispatch: { zh: '派遣', en: 'Dispatch' },
  actJoint: { zh: '会商派遣', en: 'Joint dispatch' },
  actLeader: { zh: '领导包派', en: 'Assign to a leader' },
  actReturn: { zh: '退回', en: 'Return' },
  actEscalate: { zh: '升级', en: 'Escalate' },
  actMerge: { zh: '合并为重复', en: 'Merge as duplicate' },
  actUnmerge: { zh: '取消合并', en: 'Unmerge' },
  actConfirmDuplicate: { zh: '确认重复并受理', en: 'Confirm duplicate' },
  actWhistle: { zh: '吹哨', en: 'Blow the whistle' },
  actRate: { zh: '评价部门', en: 'Rate departments' },
  actNote: { zh: '说明（退回时必填）', en: 'Note (required to return)' },
  actLeaderName: { zh: '领导姓名', en: 'Leader’s name' },
  actLeadDepartment: { zh: '牵头部门', en: 'Lead department' },
  actMergeInto: { zh: '合并到事件编号', en: 'Merge into event id' },
  actDeadlineMin: { zh: '报到时限(分钟)', en: 'Report-in within (min)' },
  actConflict: { zh: '事件已被他人处理，已刷新为最新状态', en: 'Someone else acted first; showing the event as it is now' },
  whistleBoard: { zh: '吹哨报到看板', en: 'Whistle board' },
  whistleNone: { zh: '暂无吹哨事件', en: 'No whistles blown' },
  whistleBy: { zh: '吹哨人', en: 'Blown by' },
  whistleDeadline: { zh: '报到时限', en: 'Report in by' },
  standing_reportedIn: { zh: '已报到', en: 'Reported in' },
  standing_reportedInLate: { zh: '迟报到', en: 'Reported in late' },
  standing_waiting: { zh: '待报到', en: 'Waiting' },
  standing_late: { zh: '超时未报到', en: 'Late' },
  ratingScore: { zh: '评分', en: 'Score' },
  escalatedNow: { zh: '吹哨升级', en: 'Escalated' },
  openNow: { zh: '在办', en: 'Open' },
  hourlyTrend: { zh: '24小时受理趋势', en: 'Events by hour' },
  byChannel: { zh: '受理渠道', en: 'Channels' },
  byCategory: { zh: '事项类别 TOP8', en: 'Top categories' },
  districtRanking: { zh: '区县事件排名', en: 'Districts' },
  funnel: { zh: '处置流程', en: 'Lifecycle' },
  escalations: { zh: '街乡吹哨 · 超时升级', en: 'Escalations' },
  latestEvents: { zh: '最新事件', en: 'Latest events' },
  noEscalations: { zh: '暂无超时事件', en: 'Nothing overdue' },
  eventHistory: { zh: '事件流转', en: 'Event history' },
  close: { zh: '关闭', en: 'Close' },
  stale: { zh: '数据延迟', en: 'Data delayed' },
  levelStreet: { zh: '街道', en: 'street' },
  levelDistrict: { zh: '区县', en: 'district' },
  levelCity: { zh: '市级', en: 'city' },
  reasonSignIn: { zh: '超时未签收', en: 'not signed' },
  reasonHandling: { zh: '超时未办结', en: 'not resolved' },
  composeTitle: { zh: '发布市域指令', en: 'Send a broadcast' },
  template: { zh: '模板', en: 'Template' },
  freeText: { zh: '自定义', en: 'Free text' },
  title: { zh: '标题', en: 'Title' },
  body: { zh: '内容', en: 'Message' },
  priority: { zh: '紧急程度', en: 'Priority' },
  requiresConfirmation: { zh: '需要人工确认', en: 'Ask for confirmation' },
  exercise: { zh: '演练', en: 'Drill' },
  scope: { zh: '发送范围', en: 'Scope' },
  wholeCity: { zh: '全市', en: 'Whole city' },
  unitCodes: { zh: '街道/社区/网格编码（逗号分隔）', en: 'Street/community/grid codes (comma-separated)' },
  roles: { zh: '角色（不选为全部）', en: 'Roles (none = all)' },
  scopeTree: { zh: '按区县、街道、社区、网格选择', en: 'Choose by district, street, community, grid' },
  scopeChosen: { zh: '已选范围', en: 'Chosen' },
  scopeNone: { zh: '尚未选择范围：在下方勾选，或在地图上选择', en: 'Nothing chosen yet: tick below or choose on the map' },
  expand: { zh: '展开', en: 'Expand' },
  remove: { zh: '移除', en: 'Remove' },
  pickOnMap: { zh: '在地图上选择', en: 'Choose on the map' },
  pickLevel: { zh: '地图选择的层级', en: 'Level chosen on the map' },
  pickOnMapHint: { zh: '点击地图，添加所在单元', en: 'Click the map to add the unit there' },
  targeted: { zh: '覆盖网格员', en: 'Workers targeted' },
  send: { zh: '发送', en: 'Send' },
  sending: { zh: '发送中…', en: 'Sending…' },
  progressTitle: { zh: '指令直达', en: 'Delivery' },
  delivered: { zh: '已送达', en: 'Delivered' },
  confirmed: { zh: '已确认', en: 'Confirmed' },
  offline: { zh: '离线', en: 'Offline' },
  connectedReached: { zh: '在线已达', en: 'Connected, reached' },
  waitingOffline: { zh: '离线待达（上线即收）', en: 'Offline, on connecting' },
  allTargets: { zh: '全部对象', en: 'All targeted' },
  elapsed: { zh: '用时', en: 'Time' },
  tenSecondLine: { zh: '10秒直达线', en: '10-second line' },
  cancelBroadcast: { zh: '撤回', en: 'Cancel' },
  updateBroadcast: { zh: '更新内容', en: 'Update' },
  sendUpdate: { zh: '发送更新', en: 'Send update' },
  exportCap: { zh: '导出CAP', en: 'Export CAP' },
  stragglers: { zh: '未确认名单', en: 'Unconfirmed' },
  history: { zh: '历史指令', en: 'History' },
  cancelled: { zh: '已撤回', en: 'Cancelled' },
  gridLeader: { zh: '网格长', en: 'Grid leader' },
  inbox: { zh: '指令收件箱', en: 'Inbox' },
  confirm: { zh: '确认收到', en: 'Confirm' },
  confirmedByMe: { zh: '已确认', en: 'Confirmed' },
  newBroadcast: { zh: '收到市级指令', en: 'New instruction' },
  noBroadcasts: { zh: '暂无指令', en: 'No instructions yet' },
  stragglersInGrid: { zh: '本网格未确认，请电话联系', en: 'Unconfirmed in your grid: call them' },
  workerId: { zh: '网格员编号', en: 'Worker id' },
  lastBroadcast: { zh: '指令直达', en: 'Instruction delivery' },
  broadcastSending: { zh: '市级指令下发中', en: 'City instruction going out' },
  noBroadcastYet: { zh: '今日暂无市级指令', en: 'No instruction sent yet' },
  operatingMode: { zh: '运行模式', en: 'Operating mode' },
  sourceEvents: { zh: '事件', en: 'Events' },
  sourceWater: { zh: '积水', en: 'Water' },
  sourceIot: { zh: '物联', en: 'IoT' },
  sourceCamera: { zh: '视频', en: 'Video' },
  sourceNever: { zh: '暂无数据', en: 'no data' },
  minutes: { zh: '分钟', en: 'min' },
  seconds: { zh: '秒', en: 's' },
  waterTop: { zh: '积水监测', en: 'Waterlogging' },
  noStandingWater: { zh: '各积水点暂无积水', en: 'No standing water' },
  iotAlarms: { zh: '物联告警', en: 'IoT alarms' },
  noIotAlarms: { zh: '暂无物联告警', en: 'No IoT alarms' },
  deviceOnline: { zh: '设备在线率', en: 'Devices online' },
  keyPlaces: { zh: '重点场所 · 今日周边事件', en: 'Key places · events nearby today' },
  sensorBrief: { zh: '积水 · 物联告警', en: 'Water · IoT alarms' },
  waterAlerts: { zh: '积水预警', en: 'Water alerts' },
  alarmsNow: { zh: '告警设备', en: 'Devices in alarm' },
  deepest: { zh: '最深', en: 'Deepest' },
  depthTrend: { zh: '积水深度趋势', en: 'Water depth' },
  noReadings: { zh: '暂无读数', en: 'No readings yet' },
  modeCurrent: { zh: '当前模式', en: 'Current mode' },
  modeSince: { zh: '启用时间', en: 'Since' },
  modeActor: { zh: '操作人', en: 'By' },
  modeReason: { zh: '切换理由', en: 'Reason' },
  modeTarget: { zh: '切换为', en: 'Switch to' },
  modeSwitch: { zh: '切换模式', en: 'Switch mode' },
  modeConfirmPrompt: { zh: '确认将全市运行模式切换为', en: 'Switch the whole city to' },
  modeConfirmEnd: { zh: '？', en: '?' },
  modeConfirm: { zh: '确认切换', en: 'Confirm' },
  modeSame: { zh: '已处于该模式', en: 'Already in this mode' },
  modeHistory: { zh: '切换记录', en: 'History' },
  cancel: { zh: '取消', en: 'Cancel' },
} as const satisfies Record<string, Record<Lang, string>>;

export type StringKey = keyof typeof STRINGS;

function detectLang(): Lang {
  const fromQuery = new URLSearchParams(globalThis.location?.search ?? '').get('lang');
  if (fromQuery === 'en' || fromQuery === 'zh') {
    globalThis.localStorage?.setItem('lang', fromQuery);
    return fromQuery;
  }
  return globalThis.localStorage?.getItem('lang') === 'en' ? 'en' : 'zh';
}

export const lang: Lang = detectLang();
export const locale = lang === 'zh' ? 'zh-CN' : 'en-GB';

export const t = (key: StringKey): string => STRINGS[key][lang];

/** Picks the language's side of a `{ zh, en }` label from the shared catalogue. */
export const label = (pair: { zh: string; en: string }): string => pair[lang];

const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
export const formatInt = (n: number): string => integer.format(n);

const percent = new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
/** 0.9911 → "99.1%". */
export const formatPercent = (ratio: number): string => percent.format(ratio);

/** 192000 → "3分12秒" / "3 min 12 s"; from an hour "2小时05分" / "2 h 05 min"; from a day "1天3小时" / "1 d 3 h". */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.round(ms / 1000);
  const days = Math.floor(totalSeconds / 86_400);
  const hours = Math.floor((totalSeconds % 86_400) / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (days > 0) return lang === 'zh' ? `${days}天${hours}小时` : `${days} d ${hours} h`;
  if (hours > 0) return lang === 'zh' ? `${hours}小时${pad(minutes)}分` : `${hours} h ${pad(minutes)} min`;
  return lang === 'zh' ? `${minutes}分${pad(seconds)}秒` : `${minutes} min ${pad(seconds)} s`;
}

const clock = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false, timeZone: 'Asia/Shanghai' });
const day = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', day: 'numeric', weekday: 'long', timeZone: 'Asia/Shanghai' });
export const formatClock = (ms: number): string => clock.format(ms);
export const formatDay = (ms: number): string => day.format(ms);
const dateTime = new Intl.DateTimeFormat(locale, { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'Asia/Shanghai' });
/** "11/22 19:05": when within the last days is enough (mode history). */
export const formatDateTime = (ms: number): string => dateTime.format(ms);

const oneDecimal = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
/** 12.345 → "12.3": depths in centimetres, readings. */
export const formatDecimal = (n: number): string => oneDecimal.format(n);

/** A link to the same page in the other language. */
export function otherLanguageHref(): string {
  const url = new URL(globalThis.location.href);
  url.searchParams.set('lang', lang === 'zh' ? 'en' : 'zh');
  return url.toString();
}
