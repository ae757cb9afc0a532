import type { Principal } from '../../common/domain/auth.ts';
import { BROADCAST_PRIORITY_LABELS } from '../../common/domain/broadcasts.ts';
import type { CityEvent } from '../../common/domain/eventRecords.ts';
import { CLOSED_STATES } from '../../common/domain/events.ts';
import { HANDOVER_EVENTS_LISTED, type HandoverBrief, type HandoverEvent, SEVERITIES, SEVERITY_LABELS, type Severity, severityOf } from '../../common/domain/handover.ts';
import { OPERATING_MODE_LABELS } from '../../common/domain/modes.ts';
import { inOfficersArea } from '../auth/areaPolicy.ts';
import type { BroadcastService } from '../broadcasts/broadcastService.ts';
import type { CaseService } from '../cases/caseService.ts';
import type { EventService } from '../events/eventService.ts';
import type { FieldService } from '../field/fieldService.ts';
import type { ModeService } from '../modes/modeService.ts';
import type { SensorService } from '../sensors/sensorService.ts';
import type { ChangeLog } from '../store/changeLog.ts';
import { type EventRepository, type ReceiptPlace, sequenceOf } from '../store/eventRepository.ts';

/** Events read from the store per page while counting a period's intake. */
const PAGE = 5000;
/** Closures read for a period at most (a busy week of the whole city is ≈ 150,000). */
const CLOSURES_READ = 1_000_000;
/** Broadcasts and mode switches looked back through. */
const BROADCASTS_READ = 500;
const MODE_SWITCHES_READ = 1000;
const CASES_READ = 10_000;

export interface HandoverSources {
  events: EventService;
  repository: EventRepository;
  changes: ChangeLog;
  cases: CaseService;
  broadcasts: BroadcastService;
  modes: ModeService;
  sensors: SensorService;
  field: FieldService;
  /** A unit's name by its code (district, street…). */
  unitName: (code: string) => string;
}

const beijing = new Intl.DateTimeFormat('zh-CN', { month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'Asia/Shanghai' });
const at = (ms: number) => beijing.format(ms);
const count = new Intl.NumberFormat('zh-CN');

/**
 * 交接班: what the outgoing shift hands over, over the officer's area — generated from the store
 * (the period's intake and closures from the events and their change feed, cases, broadcasts and
 * their receipts, mode switches) and from now (what is open, overdue or whistled, the sensors, who
 * is on duty), with the brief in zh-CN sentences.
 */
export async function handoverBrief(principal: Principal, fromMs: number, toMs: number, nowMs: number, s: HandoverSources): Promise<HandoverBrief> {
  const inArea = (e: Pick<CityEvent, 'districtCode' | 'streetCode'>) => inOfficersArea(principal, e);
  const listed = (e: CityEvent): HandoverEvent => ({
    id: e.id,
    category: e.category,
    categoryName: s.events.services.policy(e.category).name,
    districtCode: e.districtCode,
    districtName: s.unitName(e.districtCode),
    state: e.state,
    receivedAtMs: e.receivedAtMs,
    severity: severityOf(s.events.services.policy(e.category).handlingTargetMs),
    overdue: e.escalation !== null && !CLOSED_STATES.has(e.state),
  });

  // The period's intake, from the store (as they are now).
  const opened: CityEvent[] = [];
  let openedCount = 0;
  for (let after: ReceiptPlace | null = null; ; ) {
    const page = await s.repository.receivedBetween(fromMs, toMs, after, PAGE);
    for (const e of page)
      if (!e.duplicateOf && inArea(e)) {
        openedCount++;
        if (opened.length < HANDOVER_EVENTS_LISTED) opened.push(e);
      }
    if (page.length < PAGE) break;
    const last = page.at(-1)!;
    after = { receivedAtMs: last.receivedAtMs, seq: sequenceOf(last.id) };
  }
  // Closed in the period: each event whose change in it took it to 办结.
  const closedIds = new Set<string>();
  for (const change of await s.changes.changedBetween('transitioned', fromMs, toMs, CLOSURES_READ)) if (change.event.state === 'resolved' && inArea(change.event)) closedIds.add(change.event.id);

  // Open now, any day's, newest first.
  const open = s.events.recent(Number.MAX_SAFE_INTEGER, (e) => !e.duplicateOf && !CLOSED_STATES.has(e.state) && inArea(e)).map(listed);
  const openBySeverity = Object.fromEntries(SEVERITIES.map((k) => [k, 0])) as Record<Severity, number>;
  for (const e of open) openBySeverity[e.severity]++;
  const overdue = open.filter((e) => e.overdue).length;

  const whistlesOutstanding = s.events
    .recent(Number.MAX_SAFE_INTEGER, (e) => !!e.whistle && !CLOSED_STATES.has(e.state) && inArea(e) && e.whistle.departments.some((d) => d.reportedInAtMs === null))
    .map((e) => ({
      eventId: e.id,
      atMs: e.whistle!.atMs,
      deadlineAtMs: e.whistle!.deadlineAtMs,
      late: nowMs > e.whistle!.deadlineAtMs,
      waiting: e.whistle!.departments.filter((d) => d.reportedInAtMs === null).map((d) => s.events.services.department(d.code)?.name ?? d.code),
    }));

  const within = (ms: number | null | undefined) => ms != null && ms >= fromMs && ms <= toMs;
  // The cases the officer may read (the list is theirs).
  const casesMoved = (await s.cases.list(principal, undefined, CASES_READ)).cases
    .map((c) => ({
      id: c.id,
      title: c.title,
      state: c.state,
      moves: [...(within(c.openedAtMs) ? ['opened' as const] : []), ...(c.meetings.some((m) => within(m.atMs)) ? ['met' as const] : []), ...(within(c.closedAtMs) ? ['closed' as const] : [])],
    }))
    .filter((c) => c.moves.length > 0);

  const sent = (await s.broadcasts.history(BROADCASTS_READ)).filter((b) => within(b.sentAtMs));
  const broadcasts = await Promise.all(
    sent.map(async (b) => {
      const progress = await s.broadcasts.currentProgress(b.id);
      return {
        id: b.id,
        title: b.content.title,
        priority: b.content.priority,
        exercise: b.content.exercise,
        state: b.state,
        sentAtMs: b.sentAtMs,
        targeted: b.targeted,
        delivered: progress?.delivered ?? 0,
        confirmed: progress?.confirmed ?? 0,
        allDeliveredAtMs: progress?.allDeliveredAtMs ?? null,
      };
    }),
  );
  const modeSwitches = (await s.modes.history(MODE_SWITCHES_READ)).filter((m) => within(m.sinceMs)).reverse();

  const wall = s.sensors.wallSnapshot();
  const sensors = {
    waterAbove: wall.water.filter((w) => w.level !== 'none').map((w) => ({ id: w.id, name: w.name, depthCm: w.depthCm, level: w.level })),
    alarms: wall.alarms.map((a) => ({ sensorId: a.sensorId, kind: a.kind, districtCode: a.districtCode, level: a.level, value: a.value, unit: a.unit, sinceMs: a.sinceMs })),
  };
  const workersOnDuty = s.field.workersOnDuty();

  const area = { code: principal.unit, name: principal.unit === null ? '全市' : s.unitName(principal.unit) };
  const brief: Omit<HandoverBrief, 'summaryZh'> = {
    fromMs,
    toMs,
    generatedAtMs: nowMs,
    area,
    events: {
      opened: openedCount,
      closed: closedIds.size,
      openNow: open.length,
      openBySeverity,
      overdue,
      openedList: opened.map(listed),
      openedOmitted: openedCount - opened.length,
      stillOpen: open.slice(0, HANDOVER_EVENTS_LISTED),
      stillOpenOmitted: Math.max(0, open.length - HANDOVER_EVENTS_LISTED),
    },
    whistlesOutstanding,
    casesMoved,
    broadcasts,
    modeSwitches,
    sensors,
    workersOnDuty,
  };
  return { ...brief, summaryZh: summaryOf(brief) };
}

/** The brief in sentences, as an officer would write it in the shift log. */
function summaryOf(b: Omit<HandoverBrief, 'summaryZh'>): string[] {
  const e = b.events;
  const lines = [
    `${b.area.name}交接班：${at(b.fromMs)} 至 ${at(b.toMs)}（北京时间）。`,
    `本班受理事件 ${count.format(e.opened)} 件，办结 ${count.format(e.closed)} 件。`,
    `当前在办 ${count.format(e.openNow)} 件，其中${SEVERITIES.map((k) => `${SEVERITY_LABELS[k].zh} ${count.format(e.openBySeverity[k])} 件`).join('、')}；超时 ${count.format(e.overdue)} 件。`,
    `吹哨待报到 ${b.whistlesOutstanding.length} 起${b.whistlesOutstanding.some((w) => w.late) ? `（已超时 ${b.whistlesOutstanding.filter((w) => w.late).length} 起）` : ''}；三跨案件变动 ${b.casesMoved.length} 起。`,
  ];
  if (b.broadcasts.length === 0) lines.push('本班未发布指令。');
  for (const x of b.broadcasts)
    lines.push(
      `${at(x.sentAtMs)} 发布${x.exercise ? '演练' : ''}指令「${x.title}」（${BROADCAST_PRIORITY_LABELS[x.priority].zh}）：应达 ${count.format(x.targeted)} 人，送达 ${count.format(x.delivered)} 人，确认 ${count.format(x.confirmed)} 人${x.state === 'cancelled' ? '，已撤回' : ''}。`,
    );
  for (const m of b.modeSwitches) lines.push(`${at(m.sinceMs)} 切换为${OPERATING_MODE_LABELS[m.mode].zh}：${m.reason}（${m.actor}）。`);
  lines.push(`全市当前积水超警 ${b.sensors.waterAbove.length} 处，物联告警 ${b.sensors.alarms.length} 处；在岗网格员 ${count.format(b.workersOnDuty.onDuty)} 人。`);
  return lines;
}
