/**
 * Even–odd point-in-polygon over rings stored as interleaved [x, y, x, y, …] arrays (not closed).
 * Holes need no special case: a point inside a hole crosses one more edge.
 */
export function pointInRings(x: number, y: number, rings: readonly ArrayLike<number>[]): boolean {
  let inside = false;
  for (const ring of rings) {
    const n = ring.length;
    let xj = ring[n - 2]!;
    let yj = ring[n - 1]!;
    for (let i = 0; i < n; i += 2) {
      const xi = ring[i]!;
      const yi = ring[i + 1]!;
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
      xj = xi;
      yj = yi;
    }
  }
  return inside;
}

/** Signed area of one interleaved ring (shoelace; positive when counter-clockwise). */
export function ringSignedArea(ring: ArrayLike<number>): number {
  let sum = 0;
  const n = ring.length;
  let xj = ring[n - 2]!;
  let yj = ring[n - 1]!;
  for (let i = 0; i < n; i += 2) {
    sum += (xj - ring[i]!) * (yj + ring[i + 1]!);
    xj = ring[i]!;
    yj = ring[i + 1]!;
  }
  return sum / 2;
}
