import type { Layer } from '@deck.gl/core';
import { ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { AlarmView, SensorKind } from '../../common/domain/sensors.ts';
import { ALERT_COLOURS } from '../panels/alertColours.ts';

/**
 * One letter per device kind on its dot. The dot's colour stays the alert level (the wall's
 * colours mean urgency only), so the kind is told by the letter, not by another hue.
 */
export const KIND_GLYPHS: Record<SensorKind, string> = {
  waterlogging: 'W',
  smokeDetector: 'S',
  manholeCover: 'M',
  gasLeak: 'G',
  waterPressure: 'P',
  streetLight: 'L',
  signalLamp: 'T',
  elevator: 'E',
  fireHydrant: 'H',
  camera: 'C',
};
const GLYPH_SET = Object.values(KIND_GLYPHS).join('');
/** Red alarms ring like new events; beyond this many the ring is noise (and GPU work). */
const MAX_RINGING = 60;
const PULSE_PERIOD_MS = 1200;

const position = (a: AlarmView): [number, number] => [a.lng, a.lat];

/** The alarms and the red ones that ring, derived once per change of the list. */
export interface AlarmMarks {
  all: AlarmView[];
  ringing: AlarmView[];
}

export function alarmMarks(alarms: AlarmView[]): AlarmMarks {
  return { all: alarms, ringing: alarms.filter((a) => a.level === 'red').slice(0, MAX_RINGING) };
}

/** IoT devices in alarm: a dot in the level's colour with the kind's letter; red ones pulse. */
export function alarmLayers(marks: AlarmMarks, options: { nowMs: number; scale: number; emphasised: boolean }): Layer[] {
  const phase = (options.nowMs % PULSE_PERIOD_MS) / PULSE_PERIOD_MS;
  const radiusPx = (options.emphasised ? 11 : 7) * options.scale;
  return [
    new ScatterplotLayer<AlarmView>({
      id: 'alarm-dots',
      data: marks.all,
      getPosition: position,
      getFillColor: (a) => [...ALERT_COLOURS[a.level], 235],
      getRadius: radiusPx,
      radiusUnits: 'pixels',
      stroked: true,
      getLineColor: [2, 11, 26, 255],
      lineWidthUnits: 'pixels',
      getLineWidth: options.scale,
      updateTriggers: { getRadius: radiusPx },
    }),
    new TextLayer<AlarmView>({
      id: 'alarm-glyphs',
      data: marks.all,
      getPosition: position,
      getText: (a) => KIND_GLYPHS[a.kind],
      characterSet: GLYPH_SET,
      getSize: radiusPx * 1.2,
      sizeUnits: 'pixels',
      fontWeight: 700,
      getColor: [2, 11, 26, 255],
      updateTriggers: { getSize: radiusPx },
    }),
    new ScatterplotLayer<AlarmView>({
      id: 'alarm-rings',
      data: marks.ringing,
      getPosition: position,
      getRadius: radiusPx + 20 * options.scale * phase,
      radiusUnits: 'pixels',
      filled: false,
      stroked: true,
      getLineColor: [...ALERT_COLOURS.red, Math.round(255 * (1 - phase))],
      lineWidthUnits: 'pixels',
      getLineWidth: 2 * options.scale,
      updateTriggers: { getRadius: phase, getLineColor: phase },
    }),
  ];
}
