import { ScatterplotLayer } from '@deck.gl/layers';

/** The point an officer picked, as an amber ring: attention, not alarm. */
export function pickedPointLayer(point: { lng: number; lat: number } | undefined): ScatterplotLayer<{ lng: number; lat: number }> {
  return new ScatterplotLayer<{ lng: number; lat: number }>({
    id: 'picked-point',
    data: point ? [point] : [],
    getPosition: (p) => [p.lng, p.lat],
    getRadius: 10,
    radiusUnits: 'pixels',
    stroked: true,
    filled: true,
    getFillColor: [255, 216, 77, 80],
    getLineColor: [255, 216, 77, 255],
    lineWidthUnits: 'pixels',
    getLineWidth: 3,
  });
}
