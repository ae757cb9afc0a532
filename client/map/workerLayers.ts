import type { Layer } from '@deck.gl/core';
import { ScatterplotLayer } from '@deck.gl/layers';
import type { WorkerCell, WorkerDot, WorkersInView } from '../../common/domain/field.ts';

/** On duty green, on a task amber, offline grey: colour means one thing each. */
const DOT_COLOURS: Record<0 | 1 | 2, [number, number, number, number]> = { 0: [61, 220, 132, 230], 1: [255, 216, 77, 240], 2: [120, 140, 160, 160] };

/**
 * The grid workers on the map: a small dot each when zoomed in (what the server sent for the
 * view), translucent discs sized by the on-duty count of each ≈ 1 km cell when zoomed out.
 */
export function workerLayers(workers: WorkersInView | null, scale: number): Layer[] {
  if (!workers) return [];
  if (workers.kind === 'dots')
    return [
      new ScatterplotLayer<WorkerDot>({
        id: 'worker-dots',
        data: workers.dots,
        getPosition: (d) => [d[0], d[1]],
        getFillColor: (d) => DOT_COLOURS[d[2]],
        getRadius: 3 * scale,
        radiusUnits: 'pixels',
        stroked: false,
      }),
    ];
  return [
    new ScatterplotLayer<WorkerCell>({
      id: 'worker-cells',
      data: workers.cells,
      getPosition: (c) => [c[0], c[1]],
      getFillColor: [61, 220, 132, 90],
      getRadius: (c) => 120 + 90 * Math.sqrt(c[2]),
      radiusUnits: 'meters',
      radiusMaxPixels: 18 * scale,
      stroked: false,
    }),
  ];
}
