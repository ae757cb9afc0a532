import { useEffect, useState } from 'react';
import type { Broadcast, BroadcastProgress } from '../../common/domain/broadcasts.ts';
import { broadcastProgress, consoleApi, consoleAuth } from '../realtime/consoleFeed.ts';
import { authFetch } from '../shared/authFetch.ts';
import { useStore } from '../realtime/store.ts';
import { DeliveryGauge } from '../shared/DeliveryGauge.tsx';
import { formatClock, t } from '../shared/i18n.ts';
import { useNow } from '../shared/useNow.ts';
import { ReachPanel } from './ReachPanel.tsx';

type Straggler = { gridCode: string; leader: string | null; workers: { id: string; name: string; delivered: boolean }[] };

/** The selected broadcast landing live, its actions, and the history to pick from. */
export function BroadcastPanel({ selected, onSelect }: { selected: string | null; onSelect: (id: string) => void }) {
  const { byId } = useStore(broadcastProgress);
  const now = useNow(100);
  const [history, setHistory] = useState<(Broadcast & { progress: BroadcastProgress | null })[]>([]);
  const [stragglers, setStragglers] = useState<Straggler[] | null>(null);
  const [showReach, setShowReach] = useState(false);
  const [editing, setEditing] = useState<{ title: string; body: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    consoleApi<{ broadcasts: (Broadcast & { progress: BroadcastProgress | null })[] }>('GET', '/api/broadcasts').then(
      (r) => setHistory(r.broadcasts),
      () => {},
    );
    setStragglers(null);
    setShowReach(false);
    setEditing(null);
    setError(null);
  }, [selected]);
  const selectedBroadcast = history.find((b) => b.id === selected);
  const sendUpdate = async () => {
    if (!selectedBroadcast || !editing) return;
    try {
      await consoleApi('POST', `/api/broadcasts/${selectedBroadcast.id}/update`, { content: { ...selectedBroadcast.content, ...editing } });
      setEditing(null);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const progress = selected ? (byId[selected] ?? history.find((b) => b.id === selected)?.progress ?? null) : null;

  const exportCap = async () => {
    const res = await authFetch(consoleAuth, `/api/broadcasts/${selected}/cap`);
    const url = URL.createObjectURL(new Blob([await res.text()], { type: 'application/xml' }));
    const link = Object.assign(document.createElement('a'), { href: url, download: `${selected}.cap.xml` });
    link.click();
    URL.revokeObjectURL(url);
  };

  return (
    <section className="broadcast-panel">
      <h2>{t('progressTitle')}</h2>
      {progress && <DeliveryGauge progress={progress} nowMs={now} />}
      {selected && (
        <div className="broadcast-actions">
          <button type="button" onClick={() => consoleApi('POST', `/api/broadcasts/${selected}/cancel`).catch((e: Error) => setError(e.message))}>
            {t('cancelBroadcast')}
          </button>
          <button type="button" disabled={!selectedBroadcast} onClick={() => selectedBroadcast && setEditing({ title: selectedBroadcast.content.title, body: selectedBroadcast.content.body })}>
            {t('updateBroadcast')}
          </button>
          <button type="button" onClick={exportCap}>
            {t('exportCap')}
          </button>
          <button type="button" onClick={() => consoleApi<{ grids: Straggler[] }>('GET', `/api/broadcasts/${selected}/stragglers`).then((r) => setStragglers(r.grids))}>
            {t('stragglers')}
          </button>
          <button type="button" data-testid="reach-toggle" onClick={() => setShowReach(!showReach)}>
            {t('reachTitle')}
          </button>
        </div>
      )}
      {selected && showReach && <ReachPanel broadcastId={selected} />}
      {editing && (
        <div className="broadcast-edit">
          <input name="update-title" value={editing.title} onChange={(e) => setEditing({ ...editing, title: e.target.value })} maxLength={60} />
          <textarea name="update-body" value={editing.body} onChange={(e) => setEditing({ ...editing, body: e.target.value })} rows={3} maxLength={2000} />
          <button type="button" onClick={sendUpdate}>
            {t('sendUpdate')}
          </button>
        </div>
      )}
      {error && <p className="path-error">{error}</p>}
      {stragglers && (
        <ul className="stragglers" data-testid="stragglers">
          {stragglers.slice(0, 20).map((g) => (
            <li key={g.gridCode}>
              {g.gridCode} · {t('gridLeader')} {g.leader ?? '–'} · {g.workers.length}
            </li>
          ))}
        </ul>
      )}
      <h3>{t('history')}</h3>
      <ul className="broadcast-history">
        {history.map((b) => (
          <li key={b.id} className={b.id === selected ? 'is-selected' : ''}>
            <button type="button" onClick={() => onSelect(b.id)}>
              {formatClock(b.sentAtMs)} · {b.content.title} · {(byId[b.id] ?? b.progress)?.delivered ?? 0}/{b.targeted} · {t('sentBy')} {b.sender}
              {b.approval ? ` · ${t('approvedBy')} ${b.approval.approvedBy}` : ''}
              {b.override ? ` · ${t('overrideBy')} ${b.override.by}：${b.override.reason}` : ''}
              {b.updatedBy ? ` · ${t('updatedBy')} ${b.updatedBy}` : ''}
              {b.state === 'cancelled' ? ` · ${t('cancelled')}${b.cancelledBy ? ` (${b.cancelledBy})` : ''}` : ''}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
