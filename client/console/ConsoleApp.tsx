import { useMemo, useState } from 'react';
import { CityMap } from '../map/CityMap.tsx';
import { pickedPointLayer } from '../map/pickedPointLayer.ts';
import { placesLayer } from '../map/placesLayer.ts';
import { consoleLink, consoleLocate } from '../realtime/consoleFeed.ts';
import { useStore } from '../realtime/store.ts';
import { CoordinateForm } from '../shared/CoordinateForm.tsx';
import { GridPathView } from '../shared/GridPathView.tsx';
import { otherLanguageHref, t } from '../shared/i18n.ts';
import { useLocate } from '../shared/useLocate.ts';

/** The duty officer's console: the city map and, for now, locating any point in the grid hierarchy. */
export function ConsoleApp() {
  const link = useStore(consoleLink);
  const { outcome, run } = useLocate(consoleLocate);
  const [picked, setPicked] = useState<{ lng: number; lat: number }>();
  const layers = useMemo(() => [placesLayer(), pickedPointLayer(picked)], [picked]);
  const pick = (point: { lng: number; lat: number }) => {
    setPicked(point);
    run(point.lng, point.lat);
  };
  return (
    <div className="console-layout">
      <header className="console-header">
        <h1>{t('consoleTitle')}</h1>
        <span className={`link-badge link-badge--${link.status}`}>{link.status === 'live' ? t('connected') : t('connecting')}</span>
        <a href={otherLanguageHref()}>{t('language')}</a>
      </header>
      <main className="console-map">
        <CityMap layers={layers} onClick={pick} />
      </main>
      <aside className="console-side">
        <h2>{t('locateTitle')}</h2>
        <p className="console-hint">{t('locateHint')}</p>
        <CoordinateForm value={picked} onSubmit={(lng, lat) => pick({ lng, lat })} />
        <GridPathView outcome={outcome} />
      </aside>
    </div>
  );
}
