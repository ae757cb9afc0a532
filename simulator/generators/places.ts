import { populationDensity } from '../../common/geo/density.ts';
import { PLACES } from '../../common/geo/places.ts';
import { toKm, toLngLat } from '../../common/geo/projection.ts';
import type { RandomSource } from '../../common/geo/random.ts';

const CITY_BOX = { minLng: 112.72, minLat: 34.25, maxLng: 114.23, maxLat: 34.99 };
/** Share of reports drawn to the named hotspots (商圈, stations, markets, hospitals…). */
const HOTSPOT_SHARE = 0.15;
const HOTSPOT_SPREAD_KM = 0.5;

/** Box–Muller: one standard normal draw. */
export function gaussian(random: RandomSource): number {
  return Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
}

/**
 * Where a report comes from: mostly where people are (the density the geography was built on),
 * a share at the hotspots, and rural matters in the countryside. `inCity` keeps points inside.
 */
export function samplePlace(random: RandomSource, rural: boolean, inCity: (lng: number, lat: number) => boolean): [number, number] {
  for (let attempt = 0; attempt < 10_000; attempt++) {
    let lng: number;
    let lat: number;
    if (!rural && random.next() < HOTSPOT_SHARE) {
      const place = PLACES[pickHotspot(random.next())]!;
      const [x, y] = toKm(place.position[0], place.position[1]);
      [lng, lat] = toLngLat(x + gaussian(random) * HOTSPOT_SPREAD_KM, y + gaussian(random) * HOTSPOT_SPREAD_KM);
    } else {
      lng = CITY_BOX.minLng + random.next() * (CITY_BOX.maxLng - CITY_BOX.minLng);
      lat = CITY_BOX.minLat + random.next() * (CITY_BOX.maxLat - CITY_BOX.minLat);
      const density = populationDensity(toKm(lng, lat));
      const keep = rural ? density < 0.15 : random.next() * 1.2 < density;
      if (!keep) continue;
    }
    if (inCity(lng, lat)) return [Math.round(lng * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6];
  }
  throw new Error('samplePlace: no point found inside the city');
}

const totalWeight = PLACES.reduce((sum, p) => sum + p.weight, 0);
function pickHotspot(r: number): number {
  let acc = 0;
  for (let i = 0; i < PLACES.length; i++) if ((acc += PLACES[i]!.weight / totalWeight) > r) return i;
  return PLACES.length - 1;
}
