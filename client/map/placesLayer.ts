import { ScatterplotLayer } from '@deck.gl/layers';
import { PLACES, type Place } from '../../common/geo/places.ts';

/**
 * The named exclusive grids (二七塔商圈, 郑州东站, …) as soft cyan beacons at every zoom: context,
 * not alarm, so information colour only. In holiday and major-event modes the crowds gather
 * there, so the beacons grow and brighten.
 */
export function placesLayer(emphasised = false): ScatterplotLayer<Place> {
  const grow = emphasised ? 2 : 1;
  return new ScatterplotLayer<Place>({
    id: 'places',
    data: PLACES as Place[],
    getPosition: (p) => [p.position[0], p.position[1]],
    getRadius: (p) => 6 + p.weight,
    radiusUnits: 'pixels',
    radiusScale: grow,
    getFillColor: [64, 220, 255, emphasised ? 170 : 110],
    getLineColor: [190, 245, 255, 230],
    lineWidthUnits: 'pixels',
    getLineWidth: 1.5 * grow,
    stroked: true,
    pickable: false,
    updateTriggers: { getFillColor: emphasised },
  });
}
