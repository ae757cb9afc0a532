import { useState } from 'react';
import { useStore } from '../realtime/store.ts';
import { workerLink, workerLocate } from '../realtime/workerFeed.ts';
import { CoordinateForm } from '../shared/CoordinateForm.tsx';
import { GridPathView } from '../shared/GridPathView.tsx';
import { otherLanguageHref, t } from '../shared/i18n.ts';
import { useLocate } from '../shared/useLocate.ts';

/** The grid worker's phone: which grid am I standing in? (Broadcasts and tasks arrive here later.) */
export function WorkerApp() {
  const link = useStore(workerLink);
  const { outcome, run } = useLocate(workerLocate);
  const [here, setHere] = useState<{ lng: number; lat: number }>();
  const [gpsError, setGpsError] = useState(false);
  const useGps = () => {
    setGpsError(false);
    navigator.geolocation?.getCurrentPosition(
      (position) => {
        const point = { lng: position.coords.longitude, lat: position.coords.latitude };
        setHere(point);
        run(point.lng, point.lat);
      },
      () => setGpsError(true),
      { enableHighAccuracy: true, timeout: 10_000 },
    );
  };
  return (
    <div className="worker-screen">
      <header className="worker-header">
        <h1>{t('workerTitle')}</h1>
        <span className={`link-badge link-badge--${link.status}`}>{link.status === 'live' ? t('connected') : t('connecting')}</span>
      </header>
      <section className="worker-card">
        <h2>{t('myGrid')}</h2>
        <button type="button" onClick={useGps}>
          {t('useMyLocation')}
        </button>
        {gpsError && <p className="path-error">{t('locationDenied')}</p>}
        <CoordinateForm value={here} onSubmit={(lng, lat) => run(lng, lat)} />
        <GridPathView outcome={outcome} />
      </section>
      <footer className="worker-footer">
        <a href={otherLanguageHref()}>{t('language')}</a>
      </footer>
    </div>
  );
}
