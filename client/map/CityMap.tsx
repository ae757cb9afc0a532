import { MapboxOverlay } from '@deck.gl/mapbox';
import type { Layer } from '@deck.gl/core';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { useEffect, useRef, useState } from 'react';
import { t } from '../shared/i18n.ts';
import { useShownPixelRatio } from '../shared/shownPixelRatio.ts';
import { createCityMap } from './mapSetup.ts';

declare global {
  interface Window {
    /** The page's map, for browser tests and for a presenter's console. */
    __cityMap?: MapLibreMap;
  }
}

export interface CityMapProps {
  /** deck.gl layers drawn over the base map. */
  layers: Layer[];
  interactive?: boolean;
  /** Line and label size factor: 2 on the wall's 4K canvas, 1 on a desk screen. */
  styleScale?: number;
  onClick?: (lngLat: { lng: number; lat: number }) => void;
  /** Told the zoom once the map is ready and after every zoom. */
  onZoom?: (zoom: number) => void;
  /** Given the map once it is ready, for state the layers above cannot express. */
  onReady?: (map: MapLibreMap) => void;
}

type MapState = 'loading' | 'ready' | 'error';

/**
 * MapLibre for the base map and boundaries, deck.gl (overlay mode) for data layers on top, both
 * drawn at the pixels the screen shows (ShownPixelRatio: the wall's 4K canvas on a 1080p screen
 * would otherwise be drawn at four times the pixels the screen can show).
 */
export function CityMap({ layers, interactive = true, styleScale = 1, onClick, onZoom, onReady }: CityMapProps) {
  const pixelRatio = useShownPixelRatio();
  const container = useRef<HTMLDivElement>(null);
  const overlay = useRef<MapboxOverlay | null>(null);
  const clickHandler = useRef(onClick);
  clickHandler.current = onClick;
  const zoomHandler = useRef(onZoom);
  zoomHandler.current = onZoom;
  const readyHandler = useRef(onReady);
  readyHandler.current = onReady;
  const [state, setState] = useState<MapState>('loading');
  const [map, setMap] = useState<MapLibreMap | null>(null);

  useEffect(() => {
    let map: MapLibreMap | undefined;
    let cancelled = false;
    createCityMap(container.current!, { interactive, styleScale, pixelRatio }).then(
      (created) => {
        if (cancelled) return created.remove();
        map = created;
        window.__cityMap = created;
        overlay.current = new MapboxOverlay({ interleaved: false, layers, ...(pixelRatio ? { useDevicePixels: pixelRatio } : {}) });
        created.addControl(overlay.current);
        setMap(created);
        created.on('click', (e) => clickHandler.current?.({ lng: e.lngLat.lng, lat: e.lngLat.lat }));
        created.on('zoomend', () => zoomHandler.current?.(created.getZoom()));
        created.once('idle', () => {
          zoomHandler.current?.(created.getZoom());
          readyHandler.current?.(created);
          setState('ready');
        });
        created.on('error', (e) => console.warn('map:', e.error?.message));
      },
      () => setState('error'),
    );
    return () => {
      cancelled = true;
      map?.remove();
    };
    // The map is created once; layer and pixel-ratio changes go through the effects below.
  }, []);

  useEffect(() => {
    overlay.current?.setProps({ layers });
  }, [layers]);

  useEffect(() => {
    if (!map || !pixelRatio || map.getPixelRatio() === pixelRatio) return;
    map.setPixelRatio(pixelRatio);
    overlay.current?.setProps({ useDevicePixels: pixelRatio });
  }, [map, pixelRatio]);

  return (
    <div className="city-map" data-map-state={state}>
      <div ref={container} className="city-map__canvas" />
      {state !== 'ready' && <div className="city-map__status">{state === 'error' ? t('mapError') : t('mapLoading')}</div>}
    </div>
  );
}
