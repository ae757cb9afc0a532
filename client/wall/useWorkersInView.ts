import type { Map as MapLibreMap } from 'maplibre-gl';
import { useEffect, useRef, useState } from 'react';
import type { WorkersInView } from '../../common/domain/field.ts';
import { workersInView } from '../realtime/wallFeed.ts';

/** How often the wall asks again for the workers in its view, ms (positions come every 30 s). */
const REFRESH_MS = 5_000;

/**
 * The grid workers in the map's view, asked for on every move and every few seconds: the server
 * answers dots or cells for the view, so the wall's bandwidth stays bounded whatever the workforce.
 * `pastAtMs` (real time): a wall put back to a moment asks where the kept tracks had them then.
 */
export function useWorkersInView(map: MapLibreMap | null, pastAtMs: number | null): WorkersInView | null {
  const [workers, setWorkers] = useState<WorkersInView | null>(null);
  const past = useRef(pastAtMs);
  past.current = pastAtMs;
  const replaying = pastAtMs !== null;
  useEffect(() => {
    setWorkers(null);
    if (!map) return;
    let live = true;
    const ask = () => {
      const b = map.getBounds();
      const atMs = past.current;
      const view = { west: b.getWest(), south: b.getSouth(), east: b.getEast(), north: b.getNorth(), zoom: map.getZoom(), ...(atMs !== null ? { atMs: Math.round(atMs) } : {}) };
      void workersInView(view).then((w) => live && w && setWorkers(w));
    };
    ask();
    map.on('moveend', ask);
    const timer = setInterval(ask, REFRESH_MS);
    return () => {
      live = false;
      map.off('moveend', ask);
      clearInterval(timer);
    };
  }, [map, replaying]);
  return workers;
}
