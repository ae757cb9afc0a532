import type { WallEmphasis } from '../../common/domain/modes.ts';

export type PanelKey =
  | 'kpis'
  | 'trend'
  | 'channels'
  | 'categories'
  | 'districts'
  | 'funnel'
  | 'dispatch'
  | 'fieldForce'
  | 'escalations'
  | 'landing'
  | 'waterTop'
  | 'alarms'
  | 'deviceOnline'
  | 'keyPlaces'
  | 'sensorBrief';

/** Side columns left to right (half left of the map, half right), and a panel beside the latest events. */
export interface WallArrangement {
  columns: PanelKey[][];
  /** Shares the strip under the map with the latest events, so no side column is squeezed. */
  foot: PanelKey | null;
}

/**
 * Which panels stand where for each emphasis the operating mode asks for; 16:9 has two side
 * columns, 32:9 four. Water (emergency): water, alarms, device health and the broadcast landing
 * come first. Crowds (holiday, major event): the key places lead. Events (routine): the day's
 * figures, with a compact look at the sensing. Columns are filled to what 1,946 px of canvas
 * height holds (a 10-row list needs about 600 px, a KPI block about 600).
 */
export const WALL_ARRANGEMENTS: Record<WallEmphasis, { standard: WallArrangement; wide: WallArrangement }> = {
  events: {
    standard: {
      columns: [
        ['kpis', 'trend', 'channels', 'categories'],
        ['landing', 'dispatch', 'fieldForce', 'escalations'],
      ],
      foot: 'sensorBrief',
    },
    wide: {
      columns: [
        ['kpis', 'trend'],
        ['channels', 'categories'],
        ['sensorBrief', 'districts', 'funnel'],
        ['landing', 'dispatch', 'fieldForce', 'escalations'],
      ],
      foot: null,
    },
  },
  crowds: {
    standard: {
      columns: [
        ['keyPlaces', 'kpis', 'trend'],
        ['landing', 'districts', 'funnel', 'escalations'],
      ],
      foot: 'sensorBrief',
    },
    wide: {
      columns: [
        ['keyPlaces', 'kpis'],
        ['trend', 'categories'],
        ['sensorBrief', 'districts', 'funnel'],
        ['landing', 'escalations'],
      ],
      foot: null,
    },
  },
  water: {
    standard: {
      columns: [
        ['waterTop', 'alarms', 'kpis'],
        ['landing', 'deviceOnline', 'escalations'],
      ],
      foot: null,
    },
    wide: {
      columns: [
        ['waterTop', 'alarms'],
        ['deviceOnline', 'kpis'],
        ['districts', 'trend'],
        ['landing', 'escalations'],
      ],
      foot: null,
    },
  },
};

export const wallArrangement = (emphasis: WallEmphasis, wide: boolean): WallArrangement => WALL_ARRANGEMENTS[emphasis][wide ? 'wide' : 'standard'];
