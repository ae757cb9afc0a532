/**
 * Largest-remainder apportionment: splits an exact total over weights, each share at least
 * `minimum`, so generated counts add up to the seed figures exactly (19,582 grids, not 19,579).
 */
export function apportion(total: number, weights: readonly number[], minimum = 0): number[] {
  const floorTotal = minimum * weights.length;
  if (floorTotal > total) throw new RangeError(`apportion: ${weights.length} shares of at least ${minimum} exceed ${total}`);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const free = total - floorTotal;
  const exact = weights.map((w) => (weightSum > 0 ? (free * w) / weightSum : free / weights.length));
  const shares = exact.map((x) => minimum + Math.floor(x));
  let left = total - shares.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) shares[order[k]![1]]! += 1;
  return shares;
}
