/** The wall's palette (see WALL.md): navy ground, one cyan accent, colour reserved for meaning. */
export const WALL_COLOURS = {
  accent: '#39d5ff',
  accentSoft: 'rgba(57, 213, 255, 0.35)',
  text: '#d6ecff',
  textMuted: '#8fb8d8',
  gridLine: 'rgba(57, 213, 255, 0.12)',
  normal: '#3ddc84',
  attention: '#ffd84d',
  warning: '#ff9f43',
  alarm: '#ff4d4f',
  info: '#39d5ff',
};

/** Type sizes on the 3840×2160 canvas: legible from 5–15 m. */
export const WALL_FONT_PX = { body: 30, axis: 28, kpi: 104 };
