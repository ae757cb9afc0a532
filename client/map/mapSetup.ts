import { Map as MapLibreMap, setWorkerUrl, type StyleSpecification } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';

// MapLibre's worker cannot find itself once bundled; point it at the emitted file.
setWorkerUrl(workerUrl);

export interface MapConfig {
  baseStyleUrl: string | null;
  cityStyleUrl: string;
  view: { bounds: [number, number, number, number]; minZoom: number; maxZoom: number };
}

/** Fonts the map draws labels with: the page's own Noto Sans SC first (no glyph server needed). */
export const MAP_FONT_FAMILY = "'Noto Sans SC', 'WenQuanYi Micro Hei', sans-serif";

/**
 * Creates the map: the city's own offline style, or a real tile server's style (MAP_STYLE_URL)
 * with the city's boundary and label layers laid over it.
 */
export async function createCityMap(container: HTMLElement, options: { interactive: boolean; styleScale: number; pixelRatio?: number }): Promise<MapLibreMap> {
  const config = (await (await fetch('/api/map/config')).json()) as MapConfig;
  const cityStyle = (await (await fetch(`${config.cityStyleUrl}?scale=${options.styleScale}`)).json()) as StyleSpecification;
  const map = new MapLibreMap({
    container,
    style: config.baseStyleUrl ?? cityStyle,
    bounds: config.view.bounds,
    fitBoundsOptions: { padding: 24 },
    minZoom: config.view.minZoom,
    maxZoom: config.view.maxZoom,
    interactive: options.interactive,
    attributionControl: { compact: true },
    localIdeographFontFamily: MAP_FONT_FAMILY,
    fadeDuration: 0,
    ...(options.pixelRatio ? { pixelRatio: options.pixelRatio } : {}),
  });
  if (config.baseStyleUrl)
    map.once('style.load', () => {
      for (const [id, source] of Object.entries(cityStyle.sources)) map.addSource(id, source);
      for (const layer of cityStyle.layers) if (layer.id.startsWith('city-')) map.addLayer(layer);
    });
  return map;
}
