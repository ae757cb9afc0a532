import type { BroadcastProgress } from '../../common/domain/broadcasts.ts';
import './gauge.css';
import { formatInt, formatPercent, t } from './i18n.ts';

/** The promise: every worker within 10 seconds. The bar is the delivered share, the mark the 10 s line. */
export const TEN_SECONDS_MS = 10_000;

const seconds = (ms: number) => `${(Math.min(ms, 3_600_000) / 1000).toFixed(2)} s`;

/**
 * What a duty officer reads at a glance: of the phones connected now, how many have it and how
 * fast (against the 10-second line); how many are not connected and will get it when they
 * connect; then all targeted, confirmed and the latency spread.
 */
export function DeliveryGauge({ progress, nowMs }: { progress: BroadcastProgress; nowMs: number }) {
  const reachedAtMs = progress.connectedReachedAtMs ?? progress.allDeliveredAtMs;
  const share = progress.connected ? progress.connectedReached / progress.connected : progress.targeted ? progress.delivered / progress.targeted : 0;
  const elapsedMs = (reachedAtMs ?? nowMs) - progress.sentAtMs;
  const done = reachedAtMs !== null;
  const late = elapsedMs > TEN_SECONDS_MS && !done;
  return (
    <div className={`gauge ${late ? 'gauge--late' : ''} ${done ? 'gauge--done' : ''}`} data-testid="delivery-gauge">
      <div className="gauge__title">
        {progress.title} {progress.state === 'cancelled' ? `（${t('cancelled')}）` : ''}
      </div>
      <div className="gauge__bar">
        <div className="gauge__fill" style={{ width: `${share * 100}%` }} />
      </div>
      <dl className="gauge__figures">
        <div className="gauge__lead">
          <dt>{t('connectedReached')}</dt>
          <dd data-testid="connected-reached">
            {formatInt(progress.connectedReached)}/{formatInt(progress.connected)} · {done ? seconds(elapsedMs) : '…'}
          </dd>
        </div>
        <div>
          <dt>{t('waitingOffline')}</dt>
          <dd data-testid="waiting-offline">{formatInt(progress.waitingOffline)}</dd>
        </div>
        <div>
          <dt>{t('allTargets')}</dt>
          <dd data-testid="delivered">
            {formatInt(progress.delivered)}/{formatInt(progress.targeted)} · {formatPercent(progress.targeted ? progress.delivered / progress.targeted : 0)}
          </dd>
        </div>
        <div>
          <dt>{t('confirmed')}</dt>
          <dd data-testid="confirmed">
            {formatInt(progress.confirmed)}/{formatInt(progress.targeted)}
          </dd>
        </div>
        <div>
          <dt>{t('elapsed')}</dt>
          <dd data-testid="elapsed">{(Math.min(elapsedMs, 3_600_000) / 1000).toFixed(1)} s</dd>
        </div>
        <div>
          <dt>p50 / p99</dt>
          <dd>
            {progress.p50DeliveryMs === null ? '–' : `${(progress.p50DeliveryMs / 1000).toFixed(2)} s`} / {progress.p99DeliveryMs === null ? '–' : `${(progress.p99DeliveryMs / 1000).toFixed(2)} s`}
          </dd>
        </div>
      </dl>
    </div>
  );
}
