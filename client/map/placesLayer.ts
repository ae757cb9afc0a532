import { ScatterplotLayer } from '@deck.gl/layers';
import { PLACES, type Place } from '../../common/geo/places.ts';

/**
 * The named exclusive grids (二七塔商圈, 郑州东站, …) as soft cyan beacons at every zoom: context,
 * not alarm, so information colour only.
 */
export function placesLayer(): ScatterplotLayer<Place> {
  return new ScatterplotLayer<Place>({
    id: 'places',
    data: PLACES as Place[],
    getPosition: (p) => [p.position[0], p.position[1]],
    getRadius: (p) => 6 + p.weight,
    radiusUnits: 'pixels',
    getFillColor: [64, 220, 255, 110],
    getLineColor: [190, 245, 255, 230],
    lineWidthUnits: 'pixels',
    getLineWidth: 1.5,
    stroked: true,
    pickable: false,
  });
}
