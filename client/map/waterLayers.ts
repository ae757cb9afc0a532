import type { Layer } from '@deck.gl/core';
import { ColumnLayer, ScatterplotLayer } from '@deck.gl/layers';
import { levelRank, type WaterPointView } from '../../common/domain/sensors.ts';
import { ALERT_COLOURS } from '../panels/alertColours.ts';

/** Metres of column per centimetre of water: 50 cm stands 7.5 km tall, readable over the whole city. */
const ELEVATION_M_PER_CM = 150;
const COLUMN_RADIUS_M = 500;
/** A gauge reading normal is context, not news: drawn faint. */
const NORMAL_ALPHA = 90;
const ALERT_ALPHA = 235;

const position = (p: WaterPointView): [number, number] => [p.lng, p.lat];
const colour = (p: WaterPointView): [number, number, number, number] => [...ALERT_COLOURS[p.level], p.level === 'none' ? NORMAL_ALPHA : ALERT_ALPHA];

/**
 * The points to draw, derived once per change of the list (a delta at most every couple of
 * seconds) and kept by reference: deck.gl recomputes its buffers only when `data` changes, so
 * layers recreated every animation frame cost no allocation. (Plain objects, not binary
 * attributes: deck.gl 9.4's ColumnLayer loses its geometry layout when given external buffers.)
 */
export interface WaterMarks {
  all: WaterPointView[];
  alerted: WaterPointView[];
}

export function waterMarks(points: WaterPointView[]): WaterMarks {
  return { all: points, alerted: points.filter((p) => p.level !== 'none') };
}

/**
 * Waterlogging points as columns (height by depth, colour by alert level), with a halo around
 * alerted ones so a flat (unpitched) map still shows where the water is. Clicking a column
 * opens its depth trend.
 */
export function waterLayers(marks: WaterMarks, options: { emphasised: boolean; scale: number; onPick: (id: string) => void }): Layer[] {
  const strength = options.emphasised ? 1 : 0.7;
  return [
    new ScatterplotLayer<WaterPointView>({
      id: 'water-halos',
      data: marks.alerted,
      getPosition: position,
      getFillColor: colour,
      getRadius: (p) => 6 + 4 * levelRank(p.level),
      radiusUnits: 'pixels',
      radiusScale: options.scale * strength,
      opacity: 0.35 * strength,
      stroked: false,
    }),
    new ColumnLayer<WaterPointView>({
      id: 'water-columns',
      data: marks.all,
      getPosition: position,
      getFillColor: colour,
      getElevation: (p) => p.depthCm,
      diskResolution: 12,
      radius: COLUMN_RADIUS_M * (options.emphasised ? 1.3 : 1),
      extruded: true,
      elevationScale: ELEVATION_M_PER_CM,
      opacity: strength,
      pickable: true,
      onClick: (info) => info.object && options.onPick(info.object.id),
    }),
  ];
}
