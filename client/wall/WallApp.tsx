import { useMemo } from 'react';
import { CityMap } from '../map/CityMap.tsx';
import { placesLayer } from '../map/placesLayer.ts';
import { GridsByDistrictPanel } from '../panels/GridsByDistrictPanel.tsx';
import { WorkforcePanel } from '../panels/WorkforcePanel.tsx';
import { useStore } from '../realtime/store.ts';
import { wallData, wallLink } from '../realtime/wallFeed.ts';
import { t } from '../shared/i18n.ts';
import { HierarchyFigures } from './HierarchyFigures.tsx';
import { Panel } from './Panel.tsx';
import { ScaledCanvas } from './ScaledCanvas.tsx';
import { WallHeader } from './WallHeader.tsx';

/** The 智慧大脑 wall: header, panels either side of the city map. */
export function WallApp() {
  const link = useStore(wallLink);
  const { snapshot } = useStore(wallData);
  const layers = useMemo(() => [placesLayer()], []);
  const stale = link.status !== 'live';
  const summary = snapshot?.geo;
  return (
    <ScaledCanvas>
      <div className="wall-layout">
        <WallHeader link={link} />
        <aside className="wall-side wall-side--left">
          <Panel title={t('hierarchy')} stale={stale}>
            {summary && <HierarchyFigures summary={summary} />}
          </Panel>
          <Panel title={t('workforce')} stale={stale} className="panel--grow">
            {summary && <WorkforcePanel summary={summary} />}
          </Panel>
        </aside>
        <main className="wall-map">
          <CityMap layers={layers} styleScale={2} />
        </main>
        <aside className="wall-side wall-side--right">
          <Panel title={t('gridsByDistrict')} stale={stale} className="panel--grow">
            {summary && <GridsByDistrictPanel summary={summary} />}
          </Panel>
        </aside>
      </div>
    </ScaledCanvas>
  );
}
