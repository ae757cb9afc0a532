import type { BroadcastScope } from '../../common/domain/broadcasts.ts';
import type { CityGeography } from '../../common/geo/cityModel.ts';
import { pointInRings } from '../../common/geo/pointInPolygon.ts';
import type { LatLon, WarningArea } from './capIn.ts';

const EARTH_RADIUS_KM = 6371;

function distanceKm([lat1, lon1]: LatLon, [lat2, lon2]: LatLon): number {
  const rad = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(a));
}

/**
 * The city's units a warning's areas cover, as a broadcast scope: each street whose label point
 * lies in a polygon or circle (a district when all its streets do), each unit a geocode names
 * (any level, by the city's own codes), and — for an area too small to hold a street's label — the
 * street under its points. Null when nothing of the city is covered.
 */
export function scopeOfAreas(geo: CityGeography, areas: readonly WarningArea[], levelOf: (code: string) => string | null): BroadcastScope | null {
  const streets = new Set<number>();
  const scope: BroadcastScope = { city: false, districts: [], streets: [], communities: [], grids: [], roles: [] };
  const named = { district: scope.districts, street: scope.streets, community: scope.communities, grid: scope.grids } as Record<string, string[]>;
  for (const area of areas) {
    const rings = area.polygons.map((polygon) => Float64Array.from(polygon.flatMap(([lat, lon]) => [lon, lat])));
    for (const street of geo.streets) {
      const [lng, lat] = street.label;
      if ((rings.length && pointInRings(lng, lat, rings)) || area.circles.some((c) => distanceKm(c.center, [lat, lng]) <= c.radiusKm)) streets.add(street.index);
    }
    for (const { value } of area.geocodes) {
      const level = levelOf(value);
      if (level && named[level] && !named[level].includes(value)) named[level].push(value);
    }
  }
  // An area smaller than any street: the streets under its points.
  if (streets.size === 0)
    for (const [lat, lng] of areas.flatMap((area) => [...area.polygons.flat(), ...area.circles.map((c) => c.center)])) {
      const path = geo.locate(lng, lat);
      if (path) streets.add(geo.streets.findIndex((s) => s.code === path.street.code));
    }
  streets.delete(-1);
  for (const district of geo.districts) {
    const its = geo.streets.filter((s) => s.district === district.index);
    if (its.length && its.every((s) => streets.has(s.index))) {
      if (!scope.districts.includes(district.code)) scope.districts.push(district.code);
      for (const s of its) streets.delete(s.index);
    }
  }
  for (const index of streets) if (!scope.streets.includes(geo.streets[index]!.code)) scope.streets.push(geo.streets[index]!.code);
  return scope.districts.length + scope.streets.length + scope.communities.length + scope.grids.length ? scope : null;
}
