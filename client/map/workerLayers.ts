import type { Layer } from '@deck.gl/core';
import { PathLayer, ScatterplotLayer } from '@deck.gl/layers';
import type { TrackPoint, WorkerCell, WorkerDot, WorkersInView } from '../../common/domain/field.ts';

/** On duty green, on a task amber, offline grey: colour means one thing each. */
const DOT_COLOURS: Record<0 | 1 | 2, [number, number, number, number]> = { 0: [61, 220, 132, 230], 1: [255, 216, 77, 240], 2: [120, 140, 160, 160] };

/**
 * The grid workers on the map: a small dot each when zoomed in (what the server sent for the
 * view), translucent discs sized by the on-duty count of each ≈ 1 km cell when zoomed out.
 */
export function workerLayers(workers: WorkersInView | null, scale: number, onPick?: (lng: number, lat: number) => void): Layer[] {
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
        pickable: onPick !== undefined,
        onClick: (info) => {
          const dot = info.object as WorkerDot | undefined;
          if (dot && onPick) onPick(dot[0], dot[1]);
          return true;
        },
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

/** A clicked worker's patrol today: the path walked, and where they are now. */
export function trackLayers(track: TrackPoint[], scale: number): Layer[] {
  if (track.length === 0) return [];
  return [
    new PathLayer<TrackPoint[]>({
      id: 'worker-track',
      data: [track],
      getPath: (points) => points.map((p) => [p.lng, p.lat] as [number, number]),
      getColor: [61, 220, 132, 220],
      getWidth: 3 * scale,
      widthUnits: 'pixels',
      jointRounded: true,
      capRounded: true,
    }),
    new ScatterplotLayer<TrackPoint>({
      id: 'worker-track-now',
      data: [track.at(-1)!],
      getPosition: (p) => [p.lng, p.lat],
      getFillColor: [255, 255, 255, 255],
      getLineColor: [61, 220, 132, 255],
      getRadius: 6 * scale,
      radiusUnits: 'pixels',
      stroked: true,
      getLineWidth: 2 * scale,
      lineWidthUnits: 'pixels',
    }),
  ];
}
