import { PLACES, type Place } from '../../common/geo/places.ts';

/** "Near" a landmark: within about a kilometre (the places themselves are known to ±1 km). */
export const NEAR_PLACE_M = 1000;
const M_PER_DEG_LAT = 110_574;
const M_PER_DEG_LNG_AT_EQUATOR = 111_320;

/**
 * Pure: for each landmark, how many of the given events received since `dayStartMs` lie within
 * `radiusM` of it (flat-earth distance: exact enough across a kilometre). An event between two
 * close places counts for both — each place's crowd is its own question.
 */
export function eventsNearPlaces(
  events: readonly { lng: number; lat: number; receivedAtMs: number }[],
  dayStartMs: number,
  places: readonly Place[] = PLACES,
  radiusM = NEAR_PLACE_M,
): { place: Place; count: number }[] {
  const radius2 = radiusM * radiusM;
  const counts = places.map((place) => ({ place, count: 0, mPerDegLng: M_PER_DEG_LNG_AT_EQUATOR * Math.cos((place.position[1] * Math.PI) / 180) }));
  for (const e of events) {
    if (e.receivedAtMs < dayStartMs) continue;
    for (const c of counts) {
      const dx = (e.lng - c.place.position[0]) * c.mPerDegLng;
      const dy = (e.lat - c.place.position[1]) * M_PER_DEG_LAT;
      if (dx * dx + dy * dy <= radius2) c.count++;
    }
  }
  return counts.map(({ place, count }) => ({ place, count }));
}
