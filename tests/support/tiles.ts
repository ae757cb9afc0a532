import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { expect } from 'vitest';

/** Slippy-map tile containing a point: [z, x, y]. */
export function tileAt(lng: number, lat: number, z: number): [number, number, number] {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  return [z, Math.floor(((lng + 180) / 360) * n), Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n)];
}

/** The layers of the server's vector tile (200, as a Mapbox vector tile). */
export async function tileLayers(url: string, tile: [number, number, number]) {
  const res = await fetch(`${url}/api/map/tiles/${tile.join('/')}.pbf`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
  return new VectorTile(new PbfReader(new Uint8Array(await res.arrayBuffer()))).layers;
}
