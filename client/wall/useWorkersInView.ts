import type { Map as MapLibreMap } from 'maplibre-gl';
import { useEffect, useState } from 'react';
import type { WorkersInView } from '../../common/domain/field.ts';
import { workersInView } from '../realtime/wallFeed.ts';

/** How often the wall asks again for the workers in its view, ms (positions come every 30 s). */
const REFRESH_MS = 5_000;

/**
 * The grid workers in the map's view, asked for on every move and every few seconds: the server
 * answers dots or cells for the view, so the wall's bandwidth stays bounded whatever the workforce.
 * No map (or a wall showing a past moment): none.
 */
export function useWorkersInView(map: MapLibreMap | null): WorkersInView | null {
  const [workers, setWorkers] = useState<WorkersInView | null>(null);
  useEffect(() => {
    if (!map) return setWorkers(null);
    let live = true;
    const ask = () => {
      const b = map.getBounds();
      void workersInView({ west: b.getWest(), south: b.getSouth(), east: b.getEast(), north: b.getNorth(), zoom: map.getZoom() }).then((w) => live && w && setWorkers(w));
    };
    ask();
    map.on('moveend', ask);
    const timer = setInterval(ask, REFRESH_MS);
    return () => {
      live = false;
      map.off('moveend', ask);
      clearInterval(timer);
    };
  }, [map]);
  return workers;
}
