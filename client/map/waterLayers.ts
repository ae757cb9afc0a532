import type { Layer } from '@deck.gl/core';
import { ColumnLayer, ScatterplotLayer } from '@deck.gl/layers';
import { levelRank, type WaterPointView } from '../../common/domain/sensors.ts';
import { ALERT_COLOURS } from '../panels/alertColours.ts';

/** Metres of column per centimetre of water: 50 cm stands 7.5 km tall, readable over the whole city. */
const ELEVATION_M_PER_CM = 150;
const COLUMN_RADIUS_M = 500;
/**
 * Zoomed in, a column is at most this wide on screen, CSS px before the wall's scale: 500 m is a
 * readable column over the whole city but, at street zoom, a disc a kilometre across that hides
 * (and swallows clicks on) the workers and events around the gauge.
 */
const COLUMN_MAX_RADIUS_PX = 10;
/** Ground metres per CSS pixel at zoom 0 on the equator (Web Mercator, 512 px tiles). */
const METRES_PER_PX_AT_ZOOM_0 = 78_271.517;
/** Zhengzhou's latitude, degrees: the scale of the map is taken there. */
const CITY_LATITUDE_DEG = 34.75;

/** The column's radius in metres at a zoom: 500 m, or less so that it stays a pin on screen. */
function columnRadiusM(zoom: number, scale: number): number {
  const metresPerPx = (METRES_PER_PX_AT_ZOOM_0 * Math.cos((CITY_LATITUDE_DEG * Math.PI) / 180)) / 2 ** zoom;
  return Math.min(COLUMN_RADIUS_M, COLUMN_MAX_RADIUS_PX * scale * metresPerPx);
}
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
export function waterLayers(marks: WaterMarks, options: { emphasised: boolean; scale: number; zoom: number; onPick: (id: string) => void }): Layer[] {
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
      radius: columnRadiusM(options.zoom, options.scale) * (options.emphasised ? 1.3 : 1),
      extruded: true,
      elevationScale: ELEVATION_M_PER_CM,
      opacity: strength,
      pickable: true,
      onClick: (info) => info.object && options.onPick(info.object.id),
    }),
  ];
}
