import { describe, expect, it } from 'vitest';
import { PLACES } from '../../common/geo/places.ts';
import { toKm } from '../../common/geo/projection.ts';
import { seededRandom } from '../../common/geo/random.ts';
import type { LngLat } from '../../common/geo/units.ts';
import { CROWD_CATEGORIES, type EventFocus, holidayFocus, MAJOR_EVENT_VENUE, majorEventFocus } from '../../simulator/generators/eventFocus.ts';
import { planEvent, type PlannedEvent } from '../../simulator/generators/eventPlan.ts';
import { districtCodeAt } from '../../simulator/scenarios/crowdScenarios.ts';
import { testCity } from '../support/city.ts';

const EVENTS = 3_000;
const km = (a: LngLat, b: LngLat) => {
  const [ax, ay] = toKm(a[0], a[1]);
  const [bx, by] = toKm(b[0], b[1]);
  return Math.hypot(ax - bx, ay - by);
};
const place = (name: string) => PLACES.find((p) => p.name === name)!.position;

function day(focus?: EventFocus): PlannedEvent[] {
  const geo = testCity();
  const inCity = (lng: number, lat: number) => geo.locateGridIndex(lng, lat) >= 0;
  const random = seededRandom(9);
  return Array.from({ length: EVENTS }, (_, i) => planEvent(random, i * 10_000, String(i), inCity, focus));
}
const shareWithin = (events: PlannedEvent[], centres: LngLat[], radiusKm: number) => events.filter((e) => centres.some((c) => km([e.lng, e.lat], c) <= radiusKm)).length / events.length;
const crowdShare = (events: PlannedEvent[]) => events.filter((e) => CROWD_CATEGORIES.has(e.category)).length / events.length;

describe('a holiday', () => {
  const normal = day();
  const holiday = day(holidayFocus());
  const scenic = PLACES.filter((p) => p.category === '景区场馆').map((p) => p.position);
  const centres = [place('二七塔商圈'), place('郑州东站'), ...scenic];

  it('draws a much larger share of the reports to 二七塔, 郑州东站 and the scenic areas', () => {
    // A normal day already has a share at the city's hotspots (places.ts), the core most of all.
    const before = shareWithin(normal, centres, 1);
    const after = shareWithin(holiday, centres, 1);
    expect(after).toBeGreaterThan(0.45);
    expect(after).toBeGreaterThan(1.6 * before);
    // 二七塔 and the station lead.
    expect(shareWithin(holiday, [place('二七塔商圈')], 1)).toBeGreaterThan(0.13);
    expect(shareWithin(holiday, [place('郑州东站')], 1)).toBeGreaterThan(2 * shareWithin(normal, [place('郑州东站')], 1));
  });

  it('brings crowd matters: parking, disputes, rubbish, blocked fire escapes', () => {
    expect(crowdShare(holiday)).toBeGreaterThan(crowdShare(normal) + 0.15);
  });
});

describe('a major event', () => {
  const venue = place(MAJOR_EVENT_VENUE);
  const normal = day();
  const match = day(majorEventFocus());

  it('concentrates reports within ≈ 2 km of the venue', () => {
    expect(shareWithin(normal, [venue], 2)).toBeLessThan(0.03);
    expect(shareWithin(match, [venue], 2)).toBeGreaterThan(0.3);
    const nearVenue = match.filter((e) => km([e.lng, e.lat], venue) <= 5);
    expect(nearVenue.filter((e) => km([e.lng, e.lat], venue) <= 2).length / nearVenue.length).toBeGreaterThan(0.85);
  });

  it('broadcasts to the venue’s district (高新区, 410172)', () => {
    expect(districtCodeAt(testCity(), venue[0], venue[1])).toBe('410172');
  });
});
