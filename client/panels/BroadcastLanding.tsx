import type { BroadcastProgress } from '../../common/domain/broadcasts.ts';
import { DeliveryGauge } from '../shared/DeliveryGauge.tsx';
import { t } from '../shared/i18n.ts';

/** 指令直达: the latest broadcast against the 10-second line. */
export function BroadcastLanding({ progress, nowMs }: { progress: BroadcastProgress | null; nowMs: number }) {
  if (!progress) return <p className="list-empty">{t('noBroadcastYet')}</p>;
  return <DeliveryGauge progress={progress} nowMs={nowMs} />;
}

/** While a broadcast is going out, the wall says so over the map, with the counter and stopwatch. */
export function BroadcastTakeover({ progress, nowMs }: { progress: BroadcastProgress | null; nowMs: number }) {
  const SHOW_FOR_MS = 20_000;
  if (!progress || progress.state === 'cancelled') return null;
  // Landed when every phone connected at the time has it; the rest get it as they connect.
  const landed = progress.connectedReachedAtMs ?? progress.allDeliveredAtMs;
  if (nowMs - progress.sentAtMs > SHOW_FOR_MS && (landed === null || nowMs - landed > 5_000)) return null;
  const elapsed = ((landed ?? nowMs) - progress.sentAtMs) / 1000;
  const share = progress.connected ? progress.connectedReached / progress.connected : progress.targeted ? progress.delivered / progress.targeted : 0;
  return (
    <div className={`takeover ${landed ? 'takeover--done' : ''}`} data-testid="broadcast-takeover">
      <div className="takeover__title">{landed ? progress.title : t('broadcastSending')}</div>
      <div className="takeover__figure">{(share * 100).toFixed(1)}%</div>
      <div className="takeover__clock">{elapsed.toFixed(1)} s / 10 s</div>
    </div>
  );
}
