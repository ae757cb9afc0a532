import { useEffect, useMemo, useState } from 'react';
import { CityMap } from '../map/CityMap.tsx';
import { pickedPointLayer } from '../map/pickedPointLayer.ts';
import { placesLayer } from '../map/placesLayer.ts';
import { consoleAuth, consoleLink, consoleLocate, consoleSession } from '../realtime/consoleFeed.ts';
import { useStore } from '../realtime/store.ts';
import { CoordinateForm } from '../shared/CoordinateForm.tsx';
import { GridPathView } from '../shared/GridPathView.tsx';
import { otherLanguageHref, t } from '../shared/i18n.ts';
import { LoginForm } from '../shared/LoginForm.tsx';
import { useLocate } from '../shared/useLocate.ts';
import { BroadcastComposer } from './BroadcastComposer.tsx';
import { BroadcastPanel } from './BroadcastPanel.tsx';
import { DraftsPanel } from './DraftsPanel.tsx';
import { ModePanel } from './ModePanel.tsx';
import { OfficerDesk } from './OfficerDesk.tsx';
import { WhistleBoard } from './WhistleBoard.tsx';
import { CaseBoard } from './CaseBoard.tsx';
import { DrillBoard } from './DrillBoard.tsx';
import { HandoverBoard } from './HandoverBoard.tsx';

/** The duty officer's console: the city's operating mode, compose and watch broadcasts, locate any point. */
export function ConsoleApp() {
  const session = useStore(consoleSession);
  if (!session.token)
    return (
      <div className="login-screen">
        <LoginForm demoUser="officer" error={session.error} onLogin={(u, p) => consoleAuth.login(u, p, ['officer'])} />
      </div>
    );
  return <Console username={session.username ?? ''} />;
}

const TABS = ['broadcast', 'desk', 'whistles', 'cases', 'drills', 'handover'] as const;
type Tab = (typeof TABS)[number];
const TAB_LABELS = { broadcast: 'tabBroadcast', desk: 'tabDesk', whistles: 'tabWhistles', cases: 'tabCases', drills: 'tabDrills', handover: 'tabHandover' } as const;
const tabOfHash = (): Tab => ((TABS as readonly string[]).includes(location.hash.slice(1)) ? (location.hash.slice(1) as Tab) : 'broadcast');

/** The console's views, one at a time, named in the address (#desk, #whistles) so a reload keeps it. */
function Console({ username }: { username: string }) {
  const link = useStore(consoleLink);
  const [tab, setTab] = useState<Tab>(tabOfHash);
  useEffect(() => {
    const follow = () => setTab(tabOfHash());
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  return (
    <div className="console-page">
      <header className="console-header">
        <h1>{t('consoleTitle')}</h1>
        <nav className="console-tabs">
          {TABS.map((name) => (
            <a key={name} href={`#${name}`} aria-current={tab === name ? 'page' : undefined} data-testid={`tab-${name}`}>
              {t(TAB_LABELS[name])}
            </a>
          ))}
        </nav>
        <span>{username}</span>
        <span className={`link-badge link-badge--${link.status}`}>{link.status === 'live' ? t('connected') : t('connecting')}</span>
        <a href={otherLanguageHref()}>{t('language')}</a>
      </header>
      {tab === 'broadcast' && <BroadcastView />}
      {tab === 'desk' && <OfficerDesk />}
      {tab === 'whistles' && <WhistleBoard />}
      {tab === 'cases' && <CaseBoard />}
      {tab === 'drills' && <DrillBoard />}
      {tab === 'handover' && <HandoverBoard />}
    </div>
  );
}

/** Broadcasts and the operating mode, with locating any point. */
function BroadcastView() {
  const { outcome, run } = useLocate(consoleLocate);
  const [picked, setPicked] = useState<{ lng: number; lat: number }>();
  const [selected, setSelected] = useState<string | null>(null);
  const layers = useMemo(() => [placesLayer(), pickedPointLayer(picked)], [picked]);
  const pick = (point: { lng: number; lat: number }) => {
    setPicked(point);
    run(point.lng, point.lat);
  };
  return (
    <div className="console-layout">
      <aside className="console-compose">
        <BroadcastComposer located={outcome} onSent={setSelected} />
      </aside>
      <main className="console-map">
        <CityMap layers={layers} onClick={pick} />
      </main>
      <aside className="console-side">
        <ModePanel />
        <DraftsPanel onSent={setSelected} />
        <BroadcastPanel selected={selected} onSelect={setSelected} />
        <h2>{t('locateTitle')}</h2>
        <p className="console-hint">{t('locateHint')}</p>
        <CoordinateForm value={picked} onSubmit={(lng, lat) => pick({ lng, lat })} />
        <GridPathView outcome={outcome} />
      </aside>
    </div>
  );
}
