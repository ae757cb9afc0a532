import type { Map as MapLibreMap } from 'maplibre-gl';
import { useEffect, useRef } from 'react';
import { t } from '../shared/i18n.ts';

/** Street level: a pin can be put on the right building. */
const PIN_ZOOM = 16;
/** Six decimals of a degree: ≈ 0.1 m, more than a phone's GPS gives. */
const round6 = (degrees: number) => Number(degrees.toFixed(6));

/**
 * Where the problem is, on a small map: it opens at the phone's position (or the city) with a pin
 * there; the worker drags the pin, or taps the map, to put it on the problem. MapLibre is loaded
 * only when the map is opened, so the app stays light for the phones that never need it.
 */
export function PinMap({ where, onMove }: { where: { lng: number; lat: number } | null; onMove: (place: { lng: number; lat: number }) => void }) {
  const container = useRef<HTMLDivElement>(null);
  const moved = useRef(onMove);
  moved.current = onMove;
  const start = useRef(where);

  useEffect(() => {
    let map: MapLibreMap | null = null;
    let cancelled = false;
    void (async () => {
      const [{ createCityMap }, { Marker }] = await Promise.all([import('../map/mapSetup.ts'), import('maplibre-gl')]);
      if (cancelled) return;
      const created = await createCityMap(container.current!, { interactive: true, styleScale: 1 });
      if (cancelled) return created.remove();
      map = created;
      const at = start.current ?? created.getCenter();
      created.jumpTo({ center: [at.lng, at.lat], zoom: PIN_ZOOM });
      const pin = new Marker({ draggable: true, color: '#ff7a45' }).setLngLat([at.lng, at.lat]).addTo(created);
      const put = () => {
        const p = pin.getLngLat();
        moved.current({ lng: round6(p.lng), lat: round6(p.lat) });
      };
      pin.on('dragend', put);
      created.on('click', (e) => {
        pin.setLngLat(e.lngLat);
        put();
      });
      created.once('idle', () => container.current?.setAttribute('data-map-state', 'ready'));
    })();
    return () => {
      cancelled = true;
      map?.remove();
    };
  }, []);

  return <div ref={container} className="worker-pin-map" data-testid="report-pin-map" data-map-state="loading" aria-label={t('reportPinHint')} />;
}
