import { type ReactNode, useMemo } from 'react';
import type { Category } from '../../common/domain/categories.ts';
import { EVENT_STATE_LABELS, type EventState } from '../../common/domain/events.ts';
import { AlarmList } from '../panels/AlarmList.tsx';
import { BroadcastLanding } from '../panels/BroadcastLanding.tsx';
import { ChannelPanel } from '../panels/ChannelPanel.tsx';
import { DeviceOnline } from '../panels/DeviceOnline.tsx';
import { DispatchStatusPanel } from '../panels/DispatchStatusPanel.tsx';
import { FieldForcePanel } from '../panels/FieldForcePanel.tsx';
import { EscalationList } from '../panels/EscalationList.tsx';
import { HourlyTrendPanel } from '../panels/HourlyTrendPanel.tsx';
import { KeyPlaces } from '../panels/KeyPlaces.tsx';
import { KpiCards } from '../panels/KpiCards.tsx';
import { RankedBars } from '../panels/RankedBars.tsx';
import { SensorBrief } from '../panels/SensorBrief.tsx';
import { WaterTop } from '../panels/WaterTop.tsx';
import type { WallState } from '../realtime/wallState.ts';
import { label, t } from '../shared/i18n.ts';
import { type DataSource, delayText, type SourceFreshness } from './freshness.ts';
import { Panel } from './Panel.tsx';
import type { PanelKey } from './wallLayout.ts';
import { categoryLabel } from '../shared/cityServices.ts';

const FUNNEL: EventState[] = ['dispatched', 'signed', 'handling', 'resolved', 'evaluated'];

export interface WallPanelsInput {
  data: WallState;
  nowMs: number;
  /** The event figures are not live (link down or late). */
  stale: boolean;
  freshness: Record<DataSource, SourceFreshness>;
  onPickWater: (id: string) => void;
}

/** Every side panel the wall can show, built once per render; the layout picks which stand where. */
export function useWallPanels({ data, nowMs, stale, freshness, onPickWater }: WallPanelsInput): Record<PanelKey, ReactNode> {
  const { stats, geo, events, broadcast, sensors } = data;
  const districtRows = useMemo(
    () =>
      stats && geo
        ? geo.byDistrict
            .map((d) => ({ name: d.shortName, value: stats.byDistrict[d.code]?.total ?? 0, inner: stats.byDistrict[d.code]?.open ?? 0 }))
            .sort((a, b) => b.value - a.value)
            .slice(0, 8)
        : [],
    [stats, geo],
  );
  const categoryRows = useMemo(
    () =>
      stats
        ? (Object.entries(stats.byCategory) as [Category, number][])
            .sort((a, b) => b[1] - a[1])
            .slice(0, 8)
            .map(([c, value]) => ({ name: categoryLabel(c), value }))
        : [],
    [stats],
  );
  const funnelRows = useMemo(() => (stats ? FUNNEL.map((s) => ({ name: label(EVENT_STATE_LABELS[s]), value: stats.byState[s] ?? 0 })) : []), [stats]);
  // A sensor panel greys with its own source, and with the link: old depths must not look live.
  const sourceStale = (source: DataSource) => ({ stale: stale || freshness[source].state !== 'live', note: delayText(freshness[source]) });

  return {
    kpis: (
      <Panel title={t('todayEvents')} stale={stale} name="kpis">
        {stats && <KpiCards stats={stats} />}
      </Panel>
    ),
    trend: (
      <Panel title={t('hourlyTrend')} stale={stale} className="panel--grow" name="trend">
        {stats && <HourlyTrendPanel stats={stats} domainTimeMs={data.domainTimeMs} />}
      </Panel>
    ),
    channels: (
      <Panel title={t('byChannel')} stale={stale} className="panel--grow" name="channels">
        {stats && <ChannelPanel stats={stats} />}
      </Panel>
    ),
    categories: (
      <Panel title={t('byCategory')} stale={stale} className="panel--grow" name="categories">
        <RankedBars rows={categoryRows} testId="categories" />
      </Panel>
    ),
    districts: (
      <Panel title={t('districtRanking')} stale={stale} className="panel--grow" name="districts">
        <RankedBars rows={districtRows} testId="district-ranking" />
      </Panel>
    ),
    funnel: (
      <Panel title={t('funnel')} stale={stale} name="funnel">
        <RankedBars rows={funnelRows} testId="funnel" sort={false} />
      </Panel>
    ),
    dispatch: (
      <Panel title={t('dispatchStatus')} stale={stale} name="dispatch">
        {stats && <DispatchStatusPanel stats={stats} geo={geo} />}
      </Panel>
    ),
    fieldForce: (
      <Panel title={t('fieldForce')} stale={stale} name="fieldForce">
        {stats && <FieldForcePanel workers={data.workers} stats={stats} geo={geo} />}
      </Panel>
    ),
    escalations: (
      <Panel title={t('escalations')} stale={stale} className="panel--grow" name="escalations">
        {stats && geo && <EscalationList stats={stats} geo={geo} />}
      </Panel>
    ),
    landing: (
      <Panel title={t('lastBroadcast')} stale={stale} name="landing">
        <BroadcastLanding progress={broadcast} nowMs={nowMs} />
      </Panel>
    ),
    waterTop: (
      <Panel title={t('waterTop')} {...sourceStale('water')} name="waterTop">
        <WaterTop water={sensors.water} onPick={onPickWater} />
      </Panel>
    ),
    alarms: (
      <Panel title={t('iotAlarms')} {...sourceStale('iot')} name="alarms">
        <AlarmList alarms={sensors.alarms} geo={geo} />
      </Panel>
    ),
    deviceOnline: (
      <Panel title={t('deviceOnline')} {...sourceStale('iot')} className="panel--grow" name="deviceOnline">
        <DeviceOnline summary={sensors.summary} />
      </Panel>
    ),
    keyPlaces: (
      <Panel title={t('keyPlaces')} stale={stale} className="panel--grow" name="keyPlaces">
        <KeyPlaces events={events} dayStartMs={stats?.dayStartMs ?? 0} />
      </Panel>
    ),
    sensorBrief: (
      <Panel title={t('sensorBrief')} {...sourceStale('water')} name="sensorBrief">
        <SensorBrief water={sensors.water} alarms={sensors.alarms} summary={sensors.summary} onPick={onPickWater} />
      </Panel>
    ),
  };
}
