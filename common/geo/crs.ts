import gcoord from 'gcoord';
import { z } from 'zod';

/**
 * The coordinate systems a report's position may come in. Hotline and map systems in China send
 * GCJ-02 (Amap, Tencent) or BD-09 (Baidu), which put a point hundreds of metres off when read as
 * WGS-84; City Brain stores and locates in WGS-84 only, converting at the door.
 */
export const Crs = z.enum(['wgs84', 'gcj02', 'bd09']);
export type Crs = z.infer<typeof Crs>;

const SYSTEMS = { wgs84: gcoord.WGS84, gcj02: gcoord.GCJ02, bd09: gcoord.BD09 } as const;
/** Degrees kept after conversion: 1e-7° is ≈ 1 cm, below any phone's or map's precision. */
const DECIMALS = 7;

/** A point given in `crs` (default WGS-84), in WGS-84. */
export function toWgs84(crs: Crs | undefined, lng: number, lat: number): [lng: number, lat: number] {
  if (!crs || crs === 'wgs84') return [lng, lat];
  const [x, y] = gcoord.transform([lng, lat], SYSTEMS[crs], gcoord.WGS84) as [number, number];
  return [+x.toFixed(DECIMALS), +y.toFixed(DECIMALS)];
}
