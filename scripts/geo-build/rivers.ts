import { readFileSync } from 'node:fs';
import { toLngLat } from '../../common/geo/projection.ts';
import type { DistrictShape } from './districts.ts';
import { bbox } from './planar.ts';

/** Keeps the river segments that reach within ~10 km of the city, coordinates rounded to 1e-4°. */
export function filterRivers(sourcePath: string, districts: DistrictShape[]) {
  const boxes = districts.map((d) => bbox(d.shape));
  const [minLng, minLat] = toLngLat(Math.min(...boxes.map((b) => b[0])) - 10, Math.min(...boxes.map((b) => b[1])) - 10);
  const [maxLng, maxLat] = toLngLat(Math.max(...boxes.map((b) => b[2])) + 10, Math.max(...boxes.map((b) => b[3])) + 10);
  const source = JSON.parse(readFileSync(sourcePath, 'utf8')) as { features: { properties: { level: number }; geometry: { coordinates: [number, number][] } }[] };
  const features = source.features
    .filter((f) => f.geometry.coordinates.some(([lng, lat]) => lng >= minLng && lng <= maxLng && lat >= minLat && lat <= maxLat))
    .map((f) => ({
      type: 'Feature' as const,
      properties: { level: f.properties.level },
      geometry: { type: 'LineString' as const, coordinates: f.geometry.coordinates.map(([lng, lat]) => [Math.round(lng * 1e4) / 1e4, Math.round(lat * 1e4) / 1e4]) },
    }));
  return { type: 'FeatureCollection' as const, features };
}
