import { describe, expect, it } from 'vitest';
import type { GridPath } from '../../common/domain/geo.ts';
import { addUnit, EMPTY_DRAFT, isCovered, isEmptyScope, removeUnit, type ScopeUnit, toBroadcastScope, unitOnPath } from '../../client/console/scopeSelection.ts';

const district: ScopeUnit = { code: '410103', name: '二七区', level: 'district', ancestors: [] };
const street: ScopeUnit = { code: '410103001', name: '淮河路街道', level: 'street', ancestors: ['410103'] };
const community: ScopeUnit = { code: '410103001001', name: '淮河社区', level: 'community', ancestors: ['410103', '410103001'] };
const otherStreet: ScopeUnit = { code: '410103002', name: '解放路街道', level: 'street', ancestors: ['410103'] };

describe('choosing a broadcast scope', () => {
  it('lets a chosen unit cover what lies below it, and replace what was chosen there', () => {
    let units = addUnit([], community);
    units = addUnit(units, otherStreet);
    expect(units.map((u) => u.code)).toEqual(['410103001001', '410103002']);
    // The street covers its community: the community goes, the other street stays.
    units = addUnit(units, street);
    expect(units.map((u) => u.code)).toEqual(['410103002', '410103001']);
    // Below a chosen unit, nothing more is added.
    expect(addUnit(units, community)).toBe(units);
    expect(isCovered(units, community.code, community.ancestors)).toBe(true);
    // The district covers both streets.
    expect(addUnit(units, district).map((u) => u.code)).toEqual(['410103']);
    expect(removeUnit(units, '410103002').map((u) => u.code)).toEqual(['410103001']);
  });

  it('takes a located point’s unit at the chosen level, with the units above it', () => {
    const path: GridPath = {
      district: { code: '410104', name: '管城回族区', kind: 'administrative' },
      street: { code: '410104570', name: '圃田乡' },
      community: { code: '410104570001', name: '某社区' },
      grid: { code: '410104570001001', name: '第一网格', kind: 'regular' },
      microGrid: null,
    };
    expect(unitOnPath(path, 'grid')).toEqual({ code: '410104570001001', name: '第一网格', level: 'grid', ancestors: ['410104', '410104570', '410104570001'] });
    expect(unitOnPath(path, 'district')).toEqual({ code: '410104', name: '管城回族区', level: 'district', ancestors: [] });
  });

  it('builds the request’s scope from the units and typed codes, or the city alone', () => {
    expect(toBroadcastScope({ ...EMPTY_DRAFT, units: [street] })).toMatchObject({ city: true, districts: [], streets: [] });
    const scope = toBroadcastScope({ city: false, units: [street, district], codes: '410103001, 410105001001，410105001001001 junk', roles: ['gridLeader'] });
    expect(scope).toEqual({ city: false, districts: ['410103'], streets: ['410103001'], communities: ['410105001001'], grids: ['410105001001001'], roles: ['gridLeader'] });
    expect(isEmptyScope(toBroadcastScope({ ...EMPTY_DRAFT, city: false }))).toBe(true);
    expect(isEmptyScope(scope)).toBe(false);
  });
});
