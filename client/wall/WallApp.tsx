import { Fragment, useMemo, useState } from 'react';
import { CATEGORIES, type Category } from '../../common/domain/categories.ts';
import { EVENT_STATE_LABELS, type EventState } from '../../common/domain/events.ts';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { CityMap } from '../map/CityMap.tsx';
import { useBroadcastFill } from '../map/useBroadcastFill.ts';
import { eventLayers } from '../map/eventLayers.ts';
import { placesLayer } from '../map/placesLayer.ts';
import { BroadcastLanding, BroadcastTakeover } from '../panels/BroadcastLanding.tsx';
import { ChannelPanel } from '../panels/ChannelPanel.tsx';
import { EscalationList } from '../panels/EscalationList.tsx';
import { HourlyTrendPanel } from '../panels/HourlyTrendPanel.tsx';
import { KpiCards } from '../panels/KpiCards.tsx';
import { LatestEvents } from '../panels/LatestEvents.tsx';
import { RankedBars } from '../panels/RankedBars.tsx';
import { useStore } from '../realtime/store.ts';
import { wallAuth, wallData, wallLink, wallSession } from '../realtime/wallFeed.ts';
import { label, t } from '../shared/i18n.ts';
import { LoginForm } from '../shared/LoginForm.tsx';
import { EventHistoryPopup } from './EventHistoryPopup.tsx';
import { HierarchyFigures } from './HierarchyFigures.tsx';
import { Panel } from './Panel.tsx';
import { ScaledCanvas, useWideWall } from './ScaledCanvas.tsx';
import { useNow } from '../shared/useNow.ts';
import { WallHeader } from './WallHeader.tsx';

/** Figures older than this (the server sends at least every 2 s) are shown as delayed. */
const STALE_AFTER_MS = 10_000;
/** Line and label factor of the 4K canvas, read from across the room. */
const WALL_SCALE = 2;
const FUNNEL: EventState[] = ['dispatched', 'signed', 'handling', 'resolved', 'evaluated'];

/** The 智慧大脑 wall: header, panels either side of the city map, latest events below it. */
export function WallApp() {
  const session = useStore(wallSession);
  if (!session.token)
    return (
      <div className="login-screen">
        <LoginForm demoUser="wall" error={session.error} onLogin={(u, p) => wallAuth.login(u, p, ['wall', 'officer'])} />
      </div>
    );
  return <Wall />;
}

function Wall() {
  const link = useStore(wallLink);
  const { stats, geo, events, serverTimeMs, broadcast } = useStore(wallData);
  const now = useNow(200);
  const [zoom, setZoom] = useState(0);
  const [picked, setPicked] = useState<string | null>(null);
  const [map, setMap] = useState<MapLibreMap | null>(null);
  useBroadcastFill(map, broadcast, now);
  const staleMs = link.status === 'live' && serverTimeMs ? Math.max(0, now - link.lastMessageAtMs) : Infinity;
  const stale = staleMs > STALE_AFTER_MS;
  const pulseFrame = Math.floor(now / 100);
  const layers = useMemo(() => [placesLayer(), ...eventLayers(events, zoom, pulseFrame * 100, setPicked, WALL_SCALE)], [events, zoom, pulseFrame]);

  const districtRows = useMemo(
    () => (stats && geo ? geo.byDistrict.map((d) => ({ name: d.shortName, value: stats.byDistrict[d.code]?.total ?? 0, inner: stats.byDistrict[d.code]?.open ?? 0 })).sort((a, b) => b.value - a.value).slice(0, 8) : []),
    [stats, geo],
  );
  const categoryRows = useMemo(
    () => (stats ? (Object.entries(stats.byCategory) as [Category, number][]).sort((a, b) => b[1] - a[1]).slice(0, 8).map(([c, value]) => ({ name: label(CATEGORIES[c]), value })) : []),
    [stats],
  );
  const funnelRows = useMemo(() => (stats ? FUNNEL.map((s) => ({ name: label(EVENT_STATE_LABELS[s]), value: stats.byState[s] ?? 0 })) : []), [stats]);
  const wide = useWideWall();

  const kpis = (
    <Panel title={t('todayEvents')} stale={stale}>
      {stats && <KpiCards stats={stats} />}
    </Panel>
  );
  const trend = (
    <Panel title={t('hourlyTrend')} stale={stale} className="panel--grow">
      {stats && <HourlyTrendPanel stats={stats} />}
    </Panel>
  );
  const channels = (
    <Panel title={t('byChannel')} stale={stale} className="panel--grow">
      {stats && <ChannelPanel stats={stats} />}
    </Panel>
  );
  const categories = (
    <Panel title={t('byCategory')} stale={stale} className="panel--grow">
      <RankedBars rows={categoryRows} testId="categories" />
    </Panel>
  );
  const districts = (
    <Panel title={t('districtRanking')} stale={stale} className="panel--grow">
      <RankedBars rows={districtRows} testId="district-ranking" />
    </Panel>
  );
  const funnel = (
    <Panel title={t('funnel')} stale={stale}>
      <RankedBars rows={funnelRows} testId="funnel" sort={false} />
    </Panel>
  );
  const escalations = (
    <Panel title={t('escalations')} stale={stale} className="panel--grow">
      {stats && geo && <EscalationList stats={stats} geo={geo} />}
    </Panel>
  );
  const landing = (
    <Panel title={t('lastBroadcast')} stale={stale}>
      <BroadcastLanding progress={broadcast} nowMs={now} />
    </Panel>
  );
  // 16:9: two panel columns around the map; 32:9: four, the map keeping its proportions.
  const columns = wide
    ? [[kpis, trend], [channels, categories], [districts, funnel], [landing, escalations]]
    : [[kpis, trend, channels, categories], [landing, districts, funnel, escalations]];
  const half = columns.length / 2;
  return (
    <ScaledCanvas wide={wide}>
      <div className={`wall-layout ${wide ? 'wall-layout--wide' : ''}`}>
        <WallHeader link={link} staleMs={link.status === 'live' && stale ? staleMs : null} />
        {columns.slice(0, half).map((panels, i) => (
          <aside className="wall-side" key={`l${i}`} style={{ gridArea: `side${i}` }}>
            {panels.map((panel, k) => (
              <Fragment key={k}>{panel}</Fragment>
            ))}
          </aside>
        ))}
        <main className="wall-centre">
          <div className="wall-map">
            <CityMap layers={layers} styleScale={WALL_SCALE} onZoom={setZoom} onReady={setMap} />
            {picked && <EventHistoryPopup id={picked} onClose={() => setPicked(null)} />}
            <BroadcastTakeover progress={broadcast} nowMs={now} />
            {geo && (
              <div className="map-strip" aria-label={t('hierarchy')}>
                <HierarchyFigures summary={geo} />
              </div>
            )}
          </div>
          <Panel title={t('latestEvents')} stale={stale} className="wall-latest">
            {geo && <LatestEvents events={events} geo={geo} onPick={setPicked} />}
          </Panel>
        </main>
        {columns.slice(half).map((panels, i) => (
          <aside className="wall-side" key={`r${i}`} style={{ gridArea: `side${half + i}` }}>
            {panels.map((panel, k) => (
              <Fragment key={k}>{panel}</Fragment>
            ))}
          </aside>
        ))}
      </div>
    </ScaledCanvas>
  );
}
