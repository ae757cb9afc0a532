import type { Map as MapLibreMap } from 'maplibre-gl';
import { useEffect, useRef } from 'react';
import type { BroadcastProgress } from '../../common/domain/broadcasts.ts';

/** After the last worker is reached the map keeps the filled districts this long, then clears. */
const LINGER_MS = 15_000;

/**
 * While a broadcast goes out, each district fills green as its workers are reached (feature state
 * on the district polygons of the city's own tiles), then fades back once it has landed.
 */
export function useBroadcastFill(map: MapLibreMap | null, progress: BroadcastProgress | null, nowMs: number): void {
  const shaded = useRef(new Set<string>());
  const landedLongAgo = !progress || progress.state === 'cancelled' || (progress.allDeliveredAtMs !== null && nowMs - progress.allDeliveredAtMs > LINGER_MS);
  const key = landedLongAgo || !progress ? 'none' : `${progress.id}:${progress.byDistrict.map((d) => d.delivered).join(',')}`;
  useEffect(() => {
    if (!map || !map.getSource('city')) return;
    const next = landedLongAgo || !progress ? [] : progress.byDistrict;
    const now = new Set(next.map((d) => d.code));
    for (const code of shaded.current) if (!now.has(code)) map.setFeatureState({ source: 'city', sourceLayer: 'districts', id: code }, { reached: 0 });
    for (const d of next) map.setFeatureState({ source: 'city', sourceLayer: 'districts', id: d.code }, { reached: d.targeted ? d.delivered / d.targeted : 0 });
    shaded.current = now;
    // `key` captures everything that changes the shading; the rest of `progress` does not.
  }, [map, key]);
}
