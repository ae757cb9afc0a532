import { useEffect, useState } from 'react';
import { ALERT_LEVEL_LABELS, type WaterPointView } from '../../common/domain/sensors.ts';
import type { DepthTrend } from '../../common/socketCatalogue.ts';
import { alertCss } from '../panels/alertColours.ts';
import { DepthTrendChart } from '../panels/DepthTrendChart.tsx';
import { sensorTrend } from '../realtime/wallFeed.ts';
import { formatDecimal, label, t } from '../shared/i18n.ts';

/**
 * A clicked waterlogging point: its depth now and the recent trend, fetched again whenever a
 * newer reading of the point arrives (at the gauge's cadence, about a minute).
 */
export function WaterTrendPopup({ point, onClose }: { point: WaterPointView; onClose: () => void }) {
  const [data, setData] = useState<DepthTrend | { error: string } | null>(null);
  useEffect(() => {
    let live = true;
    sensorTrend(point.id).then(
      (ack) => live && setData(ack.ok ? ack.trend : { error: ack.error }),
      (error: unknown) => live && setData({ error: String(error) }),
    );
    return () => {
      live = false;
    };
  }, [point.id, point.atMs]);
  return (
    <aside className="event-popup water-popup" data-testid="water-trend" data-sensor-id={point.id}>
      <header className="event-popup__header">
        <h3>
          {t('depthTrend')} · {point.name}
        </h3>
        <button type="button" onClick={onClose}>
          {t('close')}
        </button>
      </header>
      <p className="water-popup__now" style={{ color: alertCss(point.level) }}>
        {formatDecimal(point.depthCm)} cm · {label(ALERT_LEVEL_LABELS[point.level])}
      </p>
      {data && 'error' in data && <p className="path-error">{data.error}</p>}
      {data && 'points' in data && (data.points.length > 0 ? <DepthTrendChart trend={data} /> : <p className="list-empty">{t('noReadings')}</p>)}
    </aside>
  );
}
