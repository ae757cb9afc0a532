import type { WorkerRole } from '../domain/workers.ts';
import type { CityGeography } from './cityModel.ts';
import { deriveSeed, seededRandom } from './random.ts';

/** Embedded police and auxiliary police (DOMAIN: 4,372), one per community first. */
export const EMBEDDED_POLICE = 4_372;

const SURNAMES =
  '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文牛申';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红玉兰志国海燕鹏辉丹宇浩凯鑫晨阳雪梅琳婷斌波亮飞鹏俊峰晓东颖帅佳欣悦嘉怡瑞博文涵子轩宏利';

/**
 * The roster of grid workers, columnar (≈ 100,000 rows): per grid a 网格长 and a 专职网格员, per
 * micro-grid a 微网格员, and the embedded police. Derived deterministically from the geography
 * and a seed, so it needs no file and every process computes the same roster.
 */
export interface Roster {
  size: number;
  id(index: number): string;
  /** Roster index of a worker id, or -1. */
  indexOf(id: string): number;
  name: string[];
  role: WorkerRole[];
  /** Home grid index; for micro-grid workers, the micro-grid's parent grid. */
  grid: Int32Array;
  /** Micro-grid index, or -1. */
  microGrid: Int32Array;
  /** Each worker's mobile number as the city's roster gives it ('' when none); a generated roster's are made up (demoPhone). */
  phone(index: number): string;
  countByRole(): Record<WorkerRole, number>;
}

/** A roster as a city's own file gives it, columnar: row i is one worker. */
export interface RosterColumns {
  id: string[];
  name: string[];
  role: WorkerRole[];
  grid: number[];
  microGrid: number[];
  phone: string[];
}

function countRoles(role: readonly WorkerRole[]): Record<WorkerRole, number> {
  const counts: Record<WorkerRole, number> = { gridLeader: 0, gridWorker: 0, microGridWorker: 0, police: 0 };
  for (const r of role) counts[r]++;
  return counts;
}

/** An imported city's roster, with the city's own worker ids. */
export function rosterFromColumns(columns: RosterColumns): Roster {
  const indexById = new Map(columns.id.map((id, i) => [id, i]));
  return {
    size: columns.id.length,
    id: (index) => columns.id[index]!,
    indexOf: (id) => indexById.get(id) ?? -1,
    name: columns.name,
    role: columns.role,
    grid: Int32Array.from(columns.grid),
    microGrid: Int32Array.from(columns.microGrid),
    phone: (index) => columns.phone[index] ?? '',
    countByRole: () => countRoles(columns.role),
  };
}

export function buildRoster(geo: CityGeography, seed: number): Roster {
  const random = seededRandom(deriveSeed(seed, 'roster'));
  const name: string[] = [];
  const role: WorkerRole[] = [];
  const grid: number[] = [];
  const micro: number[] = [];
  const add = (r: WorkerRole, g: number, m = -1) => {
    const givenLength = random.next() < 0.6 ? 2 : 1;
    let given = '';
    for (let i = 0; i < givenLength; i++) given += GIVEN[random.int(GIVEN.length)];
    name.push(SURNAMES[random.int(SURNAMES.length)] + given);
    role.push(r);
    grid.push(g);
    micro.push(m);
  };
  for (const g of geo.grids) {
    add('gridLeader', g.index);
    add('gridWorker', g.index);
    for (const m of g.microGrids) add('microGridWorker', g.index, m);
  }
  // One police officer per community, the rest to the communities with the most grids.
  const firstGrid = new Map<number, number>();
  const gridsPerCommunity = new Array<number>(geo.communities.length).fill(0);
  for (const g of geo.grids) {
    if (!firstGrid.has(g.community)) firstGrid.set(g.community, g.index);
    gridsPerCommunity[g.community]!++;
  }
  const byLoad = geo.communities.map((c) => c.index).sort((a, b) => gridsPerCommunity[b]! - gridsPerCommunity[a]! || a - b);
  for (let k = 0; k < EMBEDDED_POLICE; k++) add('police', firstGrid.get(byLoad[k % byLoad.length]!)!);

  const size = name.length;
  return {
    size,
    id: (index) => `W${String(index + 1).padStart(6, '0')}`,
    indexOf: (id) => {
      const match = /^W(\d{6})$/.exec(id);
      const index = match ? Number(match[1]) - 1 : -1;
      return index >= 0 && index < size ? index : -1;
    },
    name,
    role,
    grid: Int32Array.from(grid),
    microGrid: Int32Array.from(micro),
    phone: demoPhone,
    countByRole: () => countRoles(role),
  };
}

/**
 * The generated roster's numbers, so the SMS ladder works in the demo: 11 digits starting `10`,
 * which no Chinese mobile number does (they start 13–19) — a real gateway refuses them, so a
 * demo wired to one by mistake texts no stranger.
 */
export const demoPhone = (index: number): string => `10${String(index + 1).padStart(9, '0')}`;
