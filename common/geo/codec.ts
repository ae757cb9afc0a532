/**
 * The compact geometry format of the committed geodata: coordinates quantised to 1e-5 degree
 * (≈ 1.1 m north–south, ≈ 0.9 m east–west at Zhengzhou) and delta-encoded ring by ring, so the
 * city's ~75,000 polygons fit in a few megabytes of plain JSON.
 *
 * An encoded ring is a flat list [x0, y0, dx1, dy1, …]: the first pair is absolute (in quanta
 * from QUANTUM_ORIGIN), the rest are differences. Rings are implicitly closed.
 */
export const QUANTA_PER_DEGREE = 100_000;
const QUANTUM_ORIGIN = [112, 34] as const;

export type EncodedRing = number[];
/** A polygon: outer ring first, then holes. */
export type EncodedPolygon = EncodedRing[];
/** A multipolygon: one or more polygons. */
export type EncodedGeometry = EncodedPolygon[];

/** GeoJSON-style positions: polygons → rings → [lng, lat]. */
export type MultiPolygonCoords = [number, number][][][];

export function encodeGeometry(polygons: MultiPolygonCoords): EncodedGeometry {
  return polygons.map((rings) => rings.map(encodeRing).filter((ring) => ring.length >= 6));
}

function encodeRing(ring: [number, number][]): EncodedRing {
  const out: number[] = [];
  let prevX = 0;
  let prevY = 0;
  const closed = ring.length > 1 && ring[0]![0] === ring.at(-1)![0] && ring[0]![1] === ring.at(-1)![1];
  const count = closed ? ring.length - 1 : ring.length;
  for (let i = 0; i < count; i++) {
    const x = Math.round((ring[i]![0] - QUANTUM_ORIGIN[0]) * QUANTA_PER_DEGREE);
    const y = Math.round((ring[i]![1] - QUANTUM_ORIGIN[1]) * QUANTA_PER_DEGREE);
    if (out.length > 0 && x === prevX && y === prevY) continue;
    out.push(x - prevX, y - prevY);
    prevX = x;
    prevY = y;
  }
  return out;
}

/** Decodes one ring to interleaved [lng, lat, lng, lat, …] degrees (not closed). */
export function decodeRing(ring: EncodedRing): Float64Array {
  const out = new Float64Array(ring.length);
  let x = 0;
  let y = 0;
  for (let i = 0; i < ring.length; i += 2) {
    x += ring[i]!;
    y += ring[i + 1]!;
    out[i] = QUANTUM_ORIGIN[0] + x / QUANTA_PER_DEGREE;
    out[i + 1] = QUANTUM_ORIGIN[1] + y / QUANTA_PER_DEGREE;
  }
  return out;
}

/** Decodes to GeoJSON MultiPolygon coordinates, rings closed as GeoJSON requires. */
export function decodeGeometry(geometry: EncodedGeometry): MultiPolygonCoords {
  return geometry.map((polygon) =>
    polygon.map((ring) => {
      const flat = decodeRing(ring);
      const positions: [number, number][] = [];
      for (let i = 0; i < flat.length; i += 2) positions.push([flat[i]!, flat[i + 1]!]);
      positions.push([flat[0]!, flat[1]!]);
      return positions;
    }),
  );
}
