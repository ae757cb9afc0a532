import type { Map as MapLibreMap } from 'maplibre-gl';
import { useEffect } from 'react';

const EASE_MS = 1500;

/**
 * Tilts the map (degrees) — in emergency mode, so water columns stand up and their height reads
 * as depth — and lays it flat again afterwards. Only when asked to change: a presenter's own
 * tilt is not fought every render.
 */
export function useMapPitch(map: MapLibreMap | null, pitchDeg: number): void {
  useEffect(() => {
    if (!map || Math.abs(map.getPitch() - pitchDeg) < 0.5) return;
    map.easeTo({ pitch: pitchDeg, duration: EASE_MS });
  }, [map, pitchDeg]);
}
