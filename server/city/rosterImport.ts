import { isStorableText } from '../../common/domain/text.ts';
import { WORKER_ID_PATTERN, WORKER_ROLES, type WorkerRole } from '../../common/domain/workers.ts';
import type { CityGeography } from '../../common/geo/cityModel.ts';
import type { Roster, RosterColumns } from '../../common/geo/roster.ts';
import { csvRows } from './csvRows.ts';
import type { ImportProblem } from './importReport.ts';

const FILE = 'workers.csv';
export const WORKER_COLUMNS = ['id', 'name', 'role', 'gridCode', 'microGridCode', 'phone'] as const;
const NAME_MAX_CHARS = 40;
/** A mobile or desk number as rosters write it: digits, spaces and '-', an optional leading '+'. */
const PHONE = /^\+?[0-9][0-9 -]{4,23}$/;

/** The grids and micro-grids a roster is checked against: a city's, or the units of a file that failed other checks. */
export interface RosterUnits {
  grids: readonly { code: string; index: number }[];
  microGrids: readonly { code: string; index: number; grid: number }[];
}

/** `workers.csv` read and checked against the new units: ids unique, roles known, every grid and micro-grid present. */
export function readRoster(text: string, geo: RosterUnits, errors: ImportProblem[]): RosterColumns {
  const roster: RosterColumns = { id: [], name: [], role: [], grid: [], microGrid: [], phone: [] };
  const rows = csvRows(FILE, text, WORKER_COLUMNS, errors);
  const gridByCode = new Map(geo.grids.map((g) => [g.code, g.index]));
  const microByCode = new Map(geo.microGrids.map((m) => [m.code, m]));
  const lineOf = new Map<string, number>();
  for (const { line, value, problem } of rows) {
    const id = value('id');
    if (!WORKER_ID_PATTERN.test(id)) {
      problem(`id ${JSON.stringify(id)} must be 1–32 letters, digits, _ or -`);
      continue;
    }
    if (lineOf.has(id)) {
      problem(`id ${id} is given twice (lines ${lineOf.get(id)} and ${line})`);
      continue;
    }
    lineOf.set(id, line);
    const name = value('name');
    const role = value('role') as WorkerRole;
    const grid = gridByCode.get(value('gridCode'));
    const microCode = value('microGridCode');
    const micro = microCode ? microByCode.get(microCode) : undefined;
    const phone = value('phone');
    if (!name || name.length > NAME_MAX_CHARS || !isStorableText(name)) problem(`worker ${id}: name ${JSON.stringify(name)} must be text of 1–${NAME_MAX_CHARS} characters`);
    else if (!WORKER_ROLES.includes(role)) problem(`worker ${id}: role ${JSON.stringify(role)} is not one of ${WORKER_ROLES.join(', ')}`);
    else if (grid === undefined) problem(`worker ${id}: unknown grid code ${JSON.stringify(value('gridCode'))}`);
    else if (microCode && !micro) problem(`worker ${id}: unknown micro-grid code ${microCode}`);
    else if (micro && micro.grid !== grid) problem(`worker ${id}: micro-grid ${microCode} is not in grid ${value('gridCode')}`);
    else if (phone && !PHONE.test(phone)) problem(`worker ${id}: phone ${JSON.stringify(phone)} is not a phone number`);
    else {
      roster.id.push(id);
      roster.name.push(name);
      roster.role.push(role);
      roster.grid.push(grid);
      roster.microGrid.push(micro ? micro.index : -1);
      roster.phone.push(phone);
    }
  }
  return roster;
}

/** The roster in use carried onto new units by its grid codes, when no workers.csv is given. */
export function carryRoster(roster: Roster, from: CityGeography, to: CityGeography, errors: ImportProblem[]): RosterColumns {
  const out: RosterColumns = { id: [], name: [], role: [], grid: [], microGrid: [], phone: [] };
  const gridByCode = new Map(to.grids.map((g) => [g.code, g.index]));
  const microByCode = new Map(to.microGrids.map((m) => [m.code, m.index]));
  for (let i = 0; i < roster.size; i++) {
    const gridCode = from.grids[roster.grid[i]!]!.code;
    const grid = gridByCode.get(gridCode);
    if (grid === undefined) {
      errors.push({ file: FILE, where: `worker ${roster.id(i)}`, message: `(the roster in use, no workers.csv given) the worker's grid ${gridCode} is not in the new units: give a workers.csv` });
      continue;
    }
    const m = roster.microGrid[i]!;
    const micro = m >= 0 ? microByCode.get(from.microGrids[m]!.code) : undefined;
    out.id.push(roster.id(i));
    out.name.push(roster.name[i]!);
    out.role.push(roster.role[i]!);
    out.grid.push(grid);
    out.microGrid.push(micro !== undefined && to.microGrids[micro]!.grid === grid ? micro : -1);
    out.phone.push(roster.phone(i));
  }
  return out;
}
