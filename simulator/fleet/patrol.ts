import { distanceKm } from '../../common/geo/projection.ts';

/**
 * Grid workers' shifts, by Beijing hour: a day shift and an evening shift, and a thinner night
 * watch, so the wall shows workers at any hour and the hand-overs at 06:00, 14:00 and 22:00 are
 * bursts of duty changes and first positions.
 */
export const SHIFTS = [
  { startHour: 6, endHour: 14, share: 0.4 },
  { startHour: 14, endHour: 22, share: 0.4 },
  { startHour: 22, endHour: 6, share: 0.2 },
] as const;

/** Walking pace on patrol, m/s of simulated time. */
export const WALK_M_PER_S = 1.2;
/**
 * The most a phone moves between two fixes, m/s of real time: a simulation at ×600 would
 * otherwise walk faster than the server believes a person can (50 m/s).
 */
export const MAX_REAL_M_PER_S = 30;

/** The shift of a worker drawn uniformly (0 ≤ u < 1), by the shifts' shares. */
export function shiftOf(u: number): number {
  let acc = 0;
  for (let s = 0; s < SHIFTS.length; s++) {
    acc += SHIFTS[s]!.share;
    if (u < acc) return s;
  }
  return SHIFTS.length - 1;
}

/** Whether a shift is on at a Beijing hour (fractional). */
export function onShift(shift: number, beijingHour: number): boolean {
  const { startHour, endHour } = SHIFTS[shift]!;
  return startHour < endHour ? beijingHour >= startHour && beijingHour < endHour : beijingHour >= startHour || beijingHour < endHour;
}

/** A worker walking their grid: between points inside it (interleaved lng/lat), in turn. */
export interface Walker {
  waypoints: number[];
  /** Index of the waypoint walked to. */
  next: number;
  lng: number;
  lat: number;
}

/** A walker at the first of their waypoints, heading for the second. */
export function startWalker(waypoints: number[]): Walker {
  return { waypoints, next: waypoints.length > 2 ? 1 : 0, lng: waypoints[0]!, lat: waypoints[1]! };
}

/** Moves a walker `metres` along their round, turning at each waypoint. */
export function walk(walker: Walker, metres: number): void {
  let left = metres;
  const count = walker.waypoints.length / 2;
  for (let turns = 0; left > 0 && turns <= count; turns++) {
    const tlng = walker.waypoints[walker.next * 2]!;
    const tlat = walker.waypoints[walker.next * 2 + 1]!;
    const d = distanceKm([walker.lng, walker.lat], [tlng, tlat]) * 1000;
    if (d > left) {
      const f = left / d;
      walker.lng += (tlng - walker.lng) * f;
      walker.lat += (tlat - walker.lat) * f;
      return;
    }
    walker.lng = tlng;
    walker.lat = tlat;
    left -= d;
    walker.next = (walker.next + 1) % count;
  }
}

/** How far a worker walks between two fixes: simulated walking, capped to what a phone may report in real time. */
export function metresBetweenFixes(realElapsedMs: number, speed: number): number {
  return Math.min(WALK_M_PER_S * (realElapsedMs / 1000) * speed, MAX_REAL_M_PER_S * (realElapsedMs / 1000));
}
