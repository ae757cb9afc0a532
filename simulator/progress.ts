import { SEED_FIGURES } from './generators/dayProfile.ts';
import type { FieldTally } from './fleet/fieldRound.ts';
import type { DayTally } from './scenarios/normalDay.ts';

const n = (x: number) => x.toLocaleString('zh-CN');
const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
const clock = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(11, 16);

/** One line of progress: redrawn in place on a terminal, printed now and then in a log. */
export function progressLine(simNowMs: number, tally: DayTally, speed: number): string {
  const done = tally.planned === 0 ? 1 : tally.reported / tally.planned;
  const width = 24;
  const bar = '#'.repeat(Math.round(done * width)).padEnd(width, '.');
  return `[${bar}] 模拟时间 ${clock(simNowMs)} ×${speed} · 上报 ${n(tally.reported)}/${n(tally.planned)} · 重复 ${n(tally.duplicates)} · 签收 ${n(tally.signed)} · 办结 ${n(tally.resolved)} · 评价 ${n(tally.evaluated)} · 失败 ${n(tally.failed)}`;
}

/** The simulated day against the figures it was calibrated to. */
export function summary(tally: DayTally, hours: number): string {
  const sorted = [...tally.signInMs].sort((a, b) => a - b);
  const median = sorted.length ? sorted[Math.floor(sorted.length / 2)]! / 60_000 : 0;
  const mean = sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length / 60_000 : 0;
  const rows: [string, string, string][] = [
    ['事件量 events', `${n(tally.created + tally.duplicates)} in ${hours} h (${n(Math.round(((tally.created + tally.duplicates) * 24) / hours))}/day)`, `${n(SEED_FIGURES.eventsPerDay)}/day`],
    ['办结率 completion', tally.created ? pct(tally.resolved / tally.created) : '–', pct(SEED_FIGURES.completionRate)],
    ['满意率 satisfaction', tally.evaluated ? pct(tally.satisfied / tally.evaluated) : '–', pct(SEED_FIGURES.satisfactionRate)],
    ['签收平均 sign-in mean', `${mean.toFixed(1)} min (median ${median.toFixed(1)})`, `${SEED_FIGURES.signInTargetMinutes} min`],
    ['指挥台操作 officer steps', n(tally.officerSteps), '–'],
    ['吹哨 / 报到 whistles', `${n(tally.whistles)} / ${n(tally.reportedIn)} reported in / ${n(tally.whistlesRated)} rated`, 'a few a day'],
    ['三跨案件 cases', `${n(tally.casesOpened)} opened · ${n(tally.caseMeetings)} meetings · ${n(tally.casesClosed)} closed`, `${n(Math.round(2695 / 365))}/day · 95.84% closed`],
    ['重复上报 duplicates', n(tally.duplicates), '–'],
    ['退回 returned', n(tally.returned), '–'],
    ['失败请求 failed requests', n(tally.failed), '0'],
  ];
  return ['', '模拟结果 / simulated       实际 / seed figures', ...rows.map(([k, a, b]) => `  ${k.padEnd(24)} ${a.padEnd(28)} ${b}`), ''].join('\n');
}

/** The sensed city's part of the progress line: the mode, the scenario's own figures, alarms and the feed. */
export function sensorLine(mode: string, scenarioStatus: string, activeAlarms: number, feed: { accepted: number; droppedRounds: number; failedRequests: number; alertsOpened: number }): string {
  const parts = [
    `模式 ${mode}`,
    scenarioStatus,
    `物联告警 ${n(activeAlarms)}`,
    `读数 ${n(feed.accepted)} (告警事件 ${n(feed.alertsOpened)} · 丢弃 ${n(feed.droppedRounds)} 轮 · 失败 ${n(feed.failedRequests)})`,
  ];
  return parts.filter(Boolean).join(' · ');
}

/** The simulated grid workers' part of the progress line: on duty, positions, patrol reports, tasks. */
export function fieldLine(tally: FieldTally): string {
  return `在岗 ${n(tally.onDuty)} · 定位 ${n(tally.positions)} (拒 ${n(tally.refused)}) · 巡查上报 ${n(tally.reports)} · 任务 ${n(tally.tasksDone)}/${n(tally.tasksAccepted)} 完成/签收`;
}
