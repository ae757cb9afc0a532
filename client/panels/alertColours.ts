import type { AlertLevel } from '../../common/domain/sensors.ts';

type Rgb = [number, number, number];

/**
 * Alert levels in the wall's colour language: red alarm, orange warning, yellow attention, blue
 * the first (蓝色) rung of the national scale, and a dim green for a gauge reading normal.
 */
export const ALERT_COLOURS: Record<AlertLevel, Rgb> = {
  none: [61, 220, 132],
  blue: [64, 140, 255],
  yellow: [255, 216, 77],
  orange: [255, 159, 67],
  red: [255, 77, 79],
};

export const alertCss = (level: AlertLevel): string => {
  const [r, g, b] = ALERT_COLOURS[level];
  return `rgb(${r}, ${g}, ${b})`;
};
