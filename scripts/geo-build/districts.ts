import { readFileSync } from 'node:fs';
import gcoord from 'gcoord';
import { toKm } from '../../common/geo/projection.ts';
import type { MultiPolygon, Point } from './planar.ts';
import { difference, intersection, union } from './planar.ts';
import type { RandomSource } from '../../common/geo/random.ts';

export interface DistrictShape {
  code: string;
  name: string;
  shortName: string;
  kind: 'administrative' | 'functional';
  codeIsOfficial: boolean;
  shape: MultiPolygon;
}

/** Names people say on the floor of an operations centre. */
const SHORT_NAMES: Record<string, string> = { 管城回族区: '管城区' };

/**
 * The 12 administrative districts from the source GeoJSON, converted from GCJ-02 (the "Mars"
 * coordinates Chinese web maps use, ≈ 560 m off here) to WGS-84, projected to kilometres.
 */
export function readAdministrativeDistricts(geojsonPath: string): DistrictShape[] {
  const collection = JSON.parse(readFileSync(geojsonPath, 'utf8')) as {
    features: { id: string; properties: { name: string }; geometry: { type: string; coordinates: unknown } }[];
  };
  return collection.features.map((feature) => {
    const polygons = (feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates) as number[][][][];
    const shape: MultiPolygon = polygons.map((rings) =>
      rings.map((ring) =>
        ring.map(([lng, lat]) => {
          const [wLng, wLat] = gcoord.transform([lng!, lat!], gcoord.GCJ02, gcoord.WGS84) as [number, number];
          return toKm(wLng, wLat) as Point;
        }),
      ),
    );
    const name = feature.properties.name;
    return { code: String(feature.id), name, shortName: SHORT_NAMES[name] ?? name, kind: 'administrative', codeIsOfficial: true, shape: union(shape) };
  });
}

/**
 * The four functional zones have no boundary in any open source. Each is drawn as a smooth
 * irregular area of its real size around its real centre, cut out of the districts that host it
 * (an earlier zone keeps what it took), and then tiled by its own real streets.
 */
export const FUNCTIONAL_ZONES = [
  { code: '4101ZD', codeIsOfficial: false, name: '郑东新区', shortName: '郑东新区', centre: [113.758, 34.778], radiusKm: 7 },
  { code: '410172', codeIsOfficial: true, name: '郑州高新技术产业开发区', shortName: '高新区', centre: [113.555, 34.812], radiusKm: 5.8 },
  { code: '410171', codeIsOfficial: true, name: '郑州经济技术开发区', shortName: '经开区', centre: [113.775, 34.68], radiusKm: 6.5 },
  { code: '410173', codeIsOfficial: true, name: '郑州航空港经济综合实验区', shortName: '航空港区', centre: [113.842, 34.5], radiusKm: 12 },
] as const;

/** Streets that the statistics list files under a host district but that 郑东新区 administers. */
export const ZHENGDONG_STREETS = ['如意湖街道', '博学路街道', '龙湖街道', '龙子湖街道', '祭城路街道', '商都路街道'];

export function carveFunctionalZones(administrative: DistrictShape[], random: RandomSource): DistrictShape[] {
  const city = union(...administrative.map((d) => d.shape));
  const zones: DistrictShape[] = [];
  let taken: MultiPolygon = [];
  for (const zone of FUNCTIONAL_ZONES) {
    const [cx, cy] = toKm(zone.centre[0], zone.centre[1]);
    const phase = [random.next(), random.next(), random.next()].map((p) => p * 2 * Math.PI);
    const ring: Point[] = [];
    const vertices = 72;
    for (let i = 0; i < vertices; i++) {
      const angle = (i / vertices) * 2 * Math.PI;
      const r = zone.radiusKm * (1 + 0.14 * Math.sin(2 * angle + phase[0]!) + 0.09 * Math.sin(3 * angle + phase[1]!) + 0.05 * Math.sin(5 * angle + phase[2]!));
      ring.push([cx + r * Math.cos(angle), cy + r * Math.sin(angle)]);
    }
    ring.push(ring[0]!);
    let shape = intersection([[ring]], city);
    if (taken.length) shape = difference(shape, taken);
    taken = taken.length ? union(taken, shape) : shape;
    zones.push({ code: zone.code, name: zone.name, shortName: zone.shortName, kind: 'functional', codeIsOfficial: zone.codeIsOfficial, shape });
  }
  const remaining = administrative.map((d) => ({ ...d, shape: difference(d.shape, taken) }));
  return [...remaining, ...zones];
}
