import { describe, expect, it } from 'vitest';
import { BroadcastContent } from '../../common/domain/broadcasts.ts';
import { canTransition, EVENT_STATES, nextStates } from '../../common/domain/events.ts';
import { LocateQuery } from '../../common/domain/geo.ts';
import { buildRoster, EMBEDDED_POLICE } from '../../common/geo/roster.ts';
import { readConfig } from '../../server/config.ts';
import { testCity } from '../support/city.ts';

describe('event lifecycle', () => {
  it('follows 上报 → 受理 → 立案 → 派遣 → 签收 → 处置 → 办结 → 评价', () => {
    const path = ['reported', 'accepted', 'filed', 'dispatched', 'signed', 'handling', 'resolved', 'evaluated'] as const;
    for (let i = 1; i < path.length; i++) expect(canTransition(path[i - 1]!, path[i]!)).toBe(true);
  });

  it('refuses skipping ahead or leaving the end', () => {
    expect(canTransition('reported', 'resolved')).toBe(false);
    expect(canTransition('dispatched', 'resolved')).toBe(false);
    expect(nextStates('evaluated')).toEqual([]);
  });

  it('lets every state but the last move somewhere', () => {
    for (const state of EVENT_STATES) if (state !== 'evaluated') expect(nextStates(state).length).toBeGreaterThan(0);
  });
});

describe('schemas', () => {
  it('coerce query strings and name the bad field', () => {
    expect(LocateQuery.parse({ lng: '113.6', lat: '34.7' })).toEqual({ lng: 113.6, lat: 34.7 });
    const bad = LocateQuery.safeParse({ lng: '113.6', lat: '95' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['lat']);
  });

  it('require a broadcast title', () => {
    expect(BroadcastContent.safeParse({ title: '  ', body: '注意', priority: 'urgent', requiresConfirmation: true }).success).toBe(false);
  });
});

describe('roster', () => {
  it('staffs every grid and micro-grid, with the embedded police, about 100,000 in all', () => {
    const geo = testCity();
    const roster = buildRoster(geo, 1);
    const counts = roster.countByRole();
    expect(counts.gridLeader).toBe(geo.grids.length);
    expect(counts.gridWorker).toBe(geo.grids.length);
    expect(counts.microGridWorker).toBe(geo.microGrids.length);
    expect(counts.police).toBe(EMBEDDED_POLICE);
    expect(roster.size).toBeGreaterThan(95_000);
    expect(roster.size).toBeLessThan(105_000);
  });

  it('is the same for the same seed', () => {
    const geo = testCity();
    expect(buildRoster(geo, 9).name.slice(0, 50)).toEqual(buildRoster(geo, 9).name.slice(0, 50));
    expect(buildRoster(geo, 9).name.slice(0, 50)).not.toEqual(buildRoster(geo, 10).name.slice(0, 50));
  });
});

describe('configuration', () => {
  it('has working defaults', () => {
    expect(readConfig({})).toMatchObject({ host: '127.0.0.1', port: 3000, mapStyleUrl: undefined });
  });

  it('names the variable that is wrong', () => {
    expect(() => readConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => readConfig({ MAP_STYLE_URL: 'not a url' })).toThrow(/MAP_STYLE_URL/);
  });
});
