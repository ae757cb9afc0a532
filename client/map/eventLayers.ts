import { HexagonLayer } from '@deck.gl/aggregation-layers';
import type { Layer } from '@deck.gl/core';
import { ScatterplotLayer } from '@deck.gl/layers';
import type { WallEventDot } from '../../common/socketCatalogue.ts';
import { colourOf, STATE_COLOURS } from '../panels/eventColours.ts';

/** Below this zoom the city's events are drawn as hexagons of density; above it, one dot each. */
export const POINTS_FROM_ZOOM = 11;
/** A new event pulses for this long, so the eye finds it; at most this many at once (the newest). */
export const NEW_EVENT_MS = 15_000;
const MAX_PULSING = 40;
const PULSE_PERIOD_MS = 1500;

const position = (e: WallEventDot): [number, number] => [e.lng, e.lat];

/** In emergency mode the map leads with water and alarms; events stay visible, faded to this. */
const DIMMED_OPACITY = 0.3;

/**
 * The events on the map: density hexagons when zoomed out (escalated ones always as red dots),
 * every event as a dot coloured by its state when zoomed in, and a pulsing ring around new ones.
 */
export function eventLayers(events: WallEventDot[], zoom: number, nowMs: number, onPick: (id: string) => void, scale: number, dimmed = false): Layer[] {
  const dim = dimmed ? DIMMED_OPACITY : 1;
  const zoomedIn = zoom >= POINTS_FROM_ZOOM;
  const dots = zoomedIn ? events : events.filter((e) => e.escalation);
  // `events` is newest first, so the first few fresh ones are the newest.
  const fresh = events.filter((e) => nowMs - e.receivedAtMs < NEW_EVENT_MS).slice(0, MAX_PULSING);
  const phase = (nowMs % PULSE_PERIOD_MS) / PULSE_PERIOD_MS;
  return [
    new HexagonLayer<WallEventDot>({
      id: 'event-density',
      data: events,
      visible: !zoomedIn,
      getPosition: position,
      radius: 1500,
      coverage: 0.85,
      extruded: false,
      opacity: 0.55 * dim,
      colorRange: [
        [10, 60, 90],
        [14, 90, 125],
        [20, 125, 165],
        [30, 160, 200],
        [57, 213, 255],
        [170, 240, 255],
      ],
    }),
    new ScatterplotLayer<WallEventDot>({
      id: 'event-dots',
      data: dots,
      getPosition: position,
      getFillColor: (e) => [...colourOf(e), 220],
      getRadius: (e) => (e.escalation ? 6 : 4) * scale,
      radiusUnits: 'pixels',
      stroked: true,
      getLineColor: [2, 11, 26, 255],
      lineWidthUnits: 'pixels',
      getLineWidth: scale,
      opacity: dim,
      pickable: true,
      onClick: (info) => info.object && onPick(info.object.id),
    }),
    new ScatterplotLayer<WallEventDot>({
      id: 'event-new-rings',
      data: fresh,
      getPosition: position,
      getRadius: (6 + 18 * phase) * scale,
      radiusUnits: 'pixels',
      filled: false,
      stroked: true,
      getLineColor: [...STATE_COLOURS.waiting, Math.round(255 * (1 - phase))],
      lineWidthUnits: 'pixels',
      getLineWidth: 2 * scale,
      opacity: dim,
      updateTriggers: { getRadius: phase, getLineColor: phase },
    }),
  ];
}
