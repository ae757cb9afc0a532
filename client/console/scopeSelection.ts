import type { BroadcastScope } from '../../common/domain/broadcasts.ts';
import type { GridPath } from '../../common/domain/geo.ts';
import type { WorkerRole } from '../../common/domain/workers.ts';

export type ScopeLevel = 'district' | 'street' | 'community' | 'grid';

/** A unit as GET /api/geo/units lists it. */
export interface GeoUnit {
  code: string;
  name: string;
  level: ScopeLevel;
  /** Grid workers in the unit (given by the server's tree, not by a located point). */
  workers?: number;
}

/**
 * A chosen unit with the codes of the units above it, district first. Codes alone cannot say
 * what contains what (a functional zone's streets keep their home district's codes), so the
 * tree and the map, which both know the path, hand it over.
 */
export interface ScopeUnit extends GeoUnit {
  ancestors: string[];
}

/** What the officer has chosen so far; `codes` is the free-text fallback. */
export interface ScopeDraft {
  city: boolean;
  units: ScopeUnit[];
  codes: string;
  roles: WorkerRole[];
}

export const EMPTY_DRAFT: ScopeDraft = { city: true, units: [], codes: '', roles: [] };

/** True when the unit is chosen itself or through a chosen unit above it. */
export function isCovered(units: ScopeUnit[], code: string, ancestors: string[]): boolean {
  return units.some((u) => u.code === code || ancestors.includes(u.code));
}

/** Adds a unit; a unit above already covers it, and it covers (so replaces) the chosen ones below. */
export function addUnit(units: ScopeUnit[], unit: ScopeUnit): ScopeUnit[] {
  if (isCovered(units, unit.code, unit.ancestors)) return units;
  return [...units.filter((u) => !u.ancestors.includes(unit.code)), unit];
}

export function removeUnit(units: ScopeUnit[], code: string): ScopeUnit[] {
  return units.filter((u) => u.code !== code);
}

/** The unit at `level` on a located point's path, with its ancestors. */
export function unitOnPath(path: GridPath, level: ScopeLevel): ScopeUnit {
  const chain = [
    { ...path.district, level: 'district' as const },
    { ...path.street, level: 'street' as const },
    { ...path.community, level: 'community' as const },
    { ...path.grid, level: 'grid' as const },
  ];
  const depth = chain.findIndex((u) => u.level === level);
  const { code, name } = chain[depth]!;
  return { code, name, level, ancestors: chain.slice(0, depth).map((u) => u.code) };
}

/** Typed codes sort by length: 9 digits a street, 12 a community, 15 a grid. */
const CODE_LEVEL: Record<number, 'streets' | 'communities' | 'grids'> = { 9: 'streets', 12: 'communities', 15: 'grids' };
const SCOPE_KEY: Record<ScopeLevel, 'districts' | 'streets' | 'communities' | 'grids'> = { district: 'districts', street: 'streets', community: 'communities', grid: 'grids' };

/** The request's scope: chosen units by level, plus any typed codes; the city alone when ticked. */
export function toBroadcastScope(draft: ScopeDraft): BroadcastScope {
  const scope: BroadcastScope = { city: draft.city, districts: [], streets: [], communities: [], grids: [], roles: draft.roles };
  if (draft.city) return scope;
  for (const unit of draft.units) scope[SCOPE_KEY[unit.level]].push(unit.code);
  for (const code of draft.codes.split(/[,，\s]+/)) {
    const key = CODE_LEVEL[code.length];
    if (key && !scope[key].includes(code)) scope[key].push(code);
  }
  return scope;
}

/** Nothing to send to yet: not the city, and no unit chosen or typed. */
export function isEmptyScope(scope: BroadcastScope): boolean {
  return !scope.city && scope.districts.length + scope.streets.length + scope.communities.length + scope.grids.length === 0;
}
