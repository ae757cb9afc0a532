import { Fragment, useCallback, useEffect, useMemo, useState } from 'react';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { MODE_PROFILES } from '../../common/domain/modes.ts';
import { alarmLayers, alarmMarks } from '../map/alarmLayers.ts';
import { CityMap } from '../map/CityMap.tsx';
import { eventLayers } from '../map/eventLayers.ts';
import { placesLayer } from '../map/placesLayer.ts';
import { somethingPulses } from '../map/pulseClock.ts';
import { useBroadcastFill } from '../map/useBroadcastFill.ts';
import { useMapPitch } from '../map/useMapPitch.ts';
import { waterLayers, waterMarks } from '../map/waterLayers.ts';
import { BroadcastTakeover } from '../panels/BroadcastLanding.tsx';
import { LatestEvents } from '../panels/LatestEvents.tsx';
import { useStore } from '../realtime/store.ts';
import { wallAuth, wallData, wallLink, wallSession, workerAt } from '../realtime/wallFeed.ts';
import { t } from '../shared/i18n.ts';
import { LoginForm } from '../shared/LoginForm.tsx';
import { useNow } from '../shared/useNow.ts';
import { EventHistoryPopup } from './EventHistoryPopup.tsx';
import { EVENTS_SILENT_AFTER_MS, sourceFreshness } from './freshness.ts';
import { HierarchyFigures } from './HierarchyFigures.tsx';
import { Panel } from './Panel.tsx';
import { ScaledCanvas, useWideWall } from './ScaledCanvas.tsx';
import { usePulseTime } from './usePulseTime.ts';
import { useWallPanels } from './useWallPanels.tsx';
import { WallHeader } from './WallHeader.tsx';
import { useWorkersInView } from './useWorkersInView.ts';
import { trackLayers, workerLayers } from '../map/workerLayers.ts';
import { WorkerPopup } from './WorkerPopup.tsx';
import type { WorkerDetail } from '../../common/domain/field.ts';
import { wallArrangement } from './wallLayout.ts';
import { WaterTrendPopup } from './WaterTrendPopup.tsx';
import { replay, replayData, replayView } from '../realtime/wallReplay.ts';
import { ReplayBar } from './ReplayBar.tsx';
import { momentOfQuery } from '../shared/beijingMoment.ts';

/** Line and label factor of the 4K canvas, read from across the room. */
const WALL_SCALE = 2;
/** In emergency mode the map tilts (degrees) so the water columns' height reads as depth. */
const WATER_PITCH_DEG = 45;

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

type Picked = { kind: 'event' | 'water'; id: string } | { kind: 'worker'; worker: WorkerDetail } | null;

function Wall() {
  const link = useStore(wallLink);
  const session = useStore(wallSession);
  const { view: replaying } = useStore(replayView);
  const liveData = useStore(wallData);
  const pastData = useStore(replayData);
  const inReplay = replaying.kind === 'replay';
  const data = inReplay ? pastData : liveData;
  const { stats, geo, events, serverTimeMs, broadcast, mode, sensors } = data;
  const realNow = useNow(200);
  // A wall put back to a moment shows that moment's time wherever it shows the time.
  const now = inReplay ? replaying.atMs : realNow;
  useEffect(() => {
    const at = momentOfQuery(new URLSearchParams(location.search).get('at'));
    if (at !== null) void replay.open(at);
  }, []);
  const [zoom, setZoom] = useState(0);
  const [picked, setPicked] = useState<Picked>(null);
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const emphasis = MODE_PROFILES[mode.mode].emphasis;
  useBroadcastFill(map, broadcast, now);
  // A past moment's workers are where their kept tracks had them then (the server's real time of that moment).
  const workersShown = useWorkersInView(map, inReplay ? pastData.serverTimeMs : null);
  useMapPitch(map, emphasis === 'water' ? WATER_PITCH_DEG : 0);

  const staleMs = inReplay ? 0 : link.status === 'live' && serverTimeMs ? Math.max(0, realNow - link.lastMessageAtMs) : Infinity;
  const stale = staleMs > EVENTS_SILENT_AFTER_MS;
  // The server's clock now, from its last message: sources are timed by the server, not this PC (in replay, as it was then).
  const serverNowMs = inReplay ? serverTimeMs : serverTimeMs ? serverTimeMs + Math.max(0, realNow - link.lastMessageAtMs) : realNow;
  // The city's time (the simulator's in a demonstration): the clock on the wall and how long things take.
  const liveDomainNowMs = liveData.domainTimeMs ? liveData.domainTimeMs + Math.max(0, realNow - link.lastMessageAtMs) : realNow;
  const domainNowMs = inReplay ? replaying.atMs : liveDomainNowMs;
  const freshness = sourceFreshness({ serverNowMs, linkLive: link.status === 'live', eventsAsOfMs: stats?.asOfMs ?? null, lastHeardMs: sensors.summary?.lastHeardMs ?? null });

  const water = useMemo(() => waterMarks(sensors.water), [sensors.water]);
  const marks = useMemo(() => alarmMarks(sensors.alarms), [sensors.alarms]);
  const pickEvent = useCallback((id: string) => setPicked({ kind: 'event', id }), []);
  const pickWater = useCallback((id: string) => setPicked({ kind: 'water', id }), []);
  // A worker's dot carries no name: the server says who stands there (within a few metres of the dot).
  const pickWorker = useCallback((lng: number, lat: number) => void workerAt({ lng, lat, radiusM: 30 }).then((ack) => ack.ok && setPicked({ kind: 'worker', worker: ack.worker })), []);
  const pickedTrack = picked?.kind === 'worker' ? picked.worker.track : null;
  const pulseAtMs = usePulseTime(now, (atMs) => somethingPulses(events, marks.ringing.length, atMs));
  const layers = useMemo(() => {
    const leadsWithWater = emphasis === 'water';
    const eventsDrawn = eventLayers(events, zoom, pulseAtMs, pickEvent, WALL_SCALE, leadsWithWater);
    const waterDrawn = waterLayers(water, { emphasised: leadsWithWater, scale: WALL_SCALE, zoom, onPick: pickWater });
    const alarmsDrawn = alarmLayers(marks, { nowMs: pulseAtMs, scale: WALL_SCALE, emphasised: leadsWithWater });
    // Drawn last is drawn on top: what the mode leads with.
    const workersDrawn = [...workerLayers(workersShown, WALL_SCALE, pickWorker), ...(pickedTrack ? trackLayers(pickedTrack, WALL_SCALE) : [])];
    return [placesLayer(emphasis === 'crowds'), ...workersDrawn, ...(leadsWithWater ? [...eventsDrawn, ...waterDrawn] : [...waterDrawn, ...eventsDrawn]), ...alarmsDrawn];
  }, [events, zoom, pulseAtMs, water, marks, emphasis, pickEvent, pickWater, workersShown, pickWorker, pickedTrack]);

  const panels = useWallPanels({ data, nowMs: now, stale, freshness, onPickWater: pickWater });
  const wide = useWideWall();
  const { columns, foot } = wallArrangement(emphasis, wide);
  const half = columns.length / 2;
  const side = (keys: typeof columns, from: number) =>
    keys.map((column, i) => (
      <aside className="wall-side" key={`${emphasis}-${from + i}`} style={{ gridArea: `side${from + i}` }}>
        {column.map((key) => (
          <Fragment key={key}>{panels[key]}</Fragment>
        ))}
      </aside>
    ));
  const pickedWater = picked?.kind === 'water' ? sensors.water[sensors.waterIndex.get(picked.id) ?? -1] : undefined;
  return (
    <ScaledCanvas wide={wide}>
      <div className={`wall-layout ${wide ? 'wall-layout--wide' : ''} wall-layout--${emphasis}`} data-testid="wall-layout" data-emphasis={emphasis}>
        <WallHeader
          link={link}
          staleMs={link.status === 'live' && stale ? staleMs : null}
          mode={mode}
          freshness={freshness}
          serverNowMs={serverNowMs}
          domainOffsetMs={domainNowMs - realNow}
          load={data.load}
        />
        {side(columns.slice(0, half), 0)}
        <main className="wall-centre">
          <div
            className="wall-map"
            data-water-columns={map ? water.all.length : 0}
            data-alarm-points={map ? marks.all.length : 0}
            data-workers={workersShown ? (workersShown.kind === 'dots' ? `dots:${workersShown.dots.length}` : `cells:${workersShown.onDuty}`) : ''}
          >
            <CityMap layers={layers} styleScale={WALL_SCALE} onZoom={setZoom} onReady={setMap} />
            {picked?.kind === 'event' && <EventHistoryPopup id={picked.id} nowMs={domainNowMs} onClose={() => setPicked(null)} />}
            {pickedWater && <WaterTrendPopup point={pickedWater} onClose={() => setPicked(null)} />}
            {picked?.kind === 'worker' && <WorkerPopup worker={picked.worker} onClose={() => setPicked(null)} />}
            <BroadcastTakeover progress={broadcast} nowMs={now} />
            <ReplayBar view={replaying} liveNowMs={liveDomainNowMs} controls={replay} officer={session.role === 'officer'} />
            {geo && (
              <div className="map-strip" aria-label={t('hierarchy')}>
                <HierarchyFigures summary={geo} />
              </div>
            )}
          </div>
          <div className={`wall-foot ${foot ? 'wall-foot--shared' : ''}`}>
            <Panel title={t('latestEvents')} stale={stale} className="wall-latest">
              {geo && <LatestEvents events={events} geo={geo} onPick={pickEvent} />}
            </Panel>
            {foot && panels[foot]}
          </div>
        </main>
        {side(columns.slice(half), half)}
      </div>
    </ScaledCanvas>
  );
}
