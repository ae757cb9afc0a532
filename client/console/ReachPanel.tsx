import { useEffect, useState } from 'react';
import { consoleApi } from '../realtime/consoleFeed.ts';
import { formatClock, t } from '../shared/i18n.ts';

type StateCounts = { claimed: number; sending: number; made: number; failed: number };
interface Reach {
  byChannel: { push: StateCounts; sms: StateCounts & { opened: number; confirmed: number } };
  byDistrict: { code: string; name: string; pushed: number; texted: number; deliveredAfterPush: number; deliveredBySms: number }[];
  total: number;
  attempts: {
    worker: string;
    name: string;
    gridCode: string;
    channel: 'push' | 'sms';
    state: keyof StateCounts;
    atMs: number;
    tries: number;
    detail: string | null;
    openedAtMs: number | null;
    confirmedAtMs: number | null;
  }[];
}

/** How often the reach view is read again while shown, ms: the ladder moves in seconds. */
const REFRESH_MS = 5000;

/**
 * 送达渠道: beyond the phones reached by the app — who was woken by push, who was texted, whose
 * SMS link was opened (delivered) and confirmed, and what failed and why (GET /api/broadcasts/:id/reach).
 */
export function ReachPanel({ broadcastId }: { broadcastId: string }) {
  const [reach, setReach] = useState<Reach | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const load = () =>
      consoleApi<Reach>('GET', `/api/broadcasts/${broadcastId}/reach?limit=100`).then(
        (r) => (setReach(r), setError(null)),
        (e: Error) => setError(e.message),
      );
    void load();
    const timer = setInterval(load, REFRESH_MS);
    return () => clearInterval(timer);
  }, [broadcastId]);
  if (error) return <p className="path-error">{error}</p>;
  if (!reach) return null;
  const { push, sms } = reach.byChannel;
  return (
    <div className="reach" data-testid="reach">
      <p data-testid="reach-push">
        {t('reachPush')}：{t('reachMade')} {push.made} · {t('reachFailed')} {push.failed}
      </p>
      <p data-testid="reach-sms">
        {t('reachSms')}：{t('reachWaiting')} {sms.claimed + sms.sending} · {t('reachMade')} {sms.made} · {t('reachFailed')} {sms.failed} · {t('reachOpened')} {sms.opened} · {t('reachConfirmed')}{' '}
        {sms.confirmed}
      </p>
      {reach.byDistrict.length > 0 && (
        <table className="reach-districts" data-testid="reach-districts">
          <thead>
            <tr>
              <th>{t('districts')}</th>
              <th>{t('reachPush')}</th>
              <th>{t('reachAfterPush')}</th>
              <th>{t('reachSms')}</th>
              <th>{t('reachBySms')}</th>
            </tr>
          </thead>
          <tbody>
            {reach.byDistrict.map((d) => (
              <tr key={d.code} data-district={d.code}>
                <td>{d.name}</td>
                <td>{d.pushed}</td>
                <td>{d.deliveredAfterPush}</td>
                <td>{d.texted}</td>
                <td>{d.deliveredBySms}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {reach.total === 0 ? (
        <p>{t('reachNone')}</p>
      ) : (
        <ul className="stragglers">
          {reach.attempts.map((a) => (
            <li key={`${a.worker}:${a.channel}`} data-testid="reach-attempt" data-state={a.state}>
              {a.name}（{a.worker}）· {a.gridCode} · {a.channel === 'sms' ? t('reachSms') : t('reachPush')} · {t(`reachState_${a.state}`)} {formatClock(a.atMs)}
              {a.confirmedAtMs !== null ? ` · ${t('reachConfirmed')}` : a.openedAtMs !== null ? ` · ${t('reachOpened')}` : ''}
              {a.detail ? ` · ${a.detail}` : ''}
            </li>
          ))}
          {reach.total > reach.attempts.length && <li>… {reach.total - reach.attempts.length}</li>}
        </ul>
      )}
    </div>
  );
}
