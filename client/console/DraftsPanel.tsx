import { useEffect, useState } from 'react';
import type { BroadcastDraft } from '../../common/domain/broadcasts.ts';
import { consoleApi } from '../realtime/consoleFeed.ts';
import { formatClock, formatInt, t } from '../shared/i18n.ts';

/** How often the console asks for drafts, ms: a second officer sees one within seconds. */
const POLL_MS = 3000;

type Listed = BroadcastDraft & { mayApprove: boolean };

/**
 * 待审核广播: the drafts waiting for a second officer — those this officer may approve (批准发送,
 * sent at once) or reject with a reason, and their own (撤回). `onSent` selects an approved one.
 */
export function DraftsPanel({ onSent }: { onSent: (id: string) => void }) {
  const [drafts, setDrafts] = useState<Listed[]>([]);
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [round, setRound] = useState(0);

  useEffect(() => {
    let current = true;
    const load = () =>
      consoleApi<{ drafts: Listed[] }>('GET', '/api/broadcasts/drafts').then(
        (r) => current && setDrafts(r.drafts),
        () => {},
      );
    void load();
    const timer = setInterval(load, POLL_MS);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [round]);

  const act = async (draft: Listed, action: 'approve' | 'reject') => {
    try {
      if (action === 'approve') {
        const sent = await consoleApi<{ id: string }>('POST', `/api/broadcasts/${draft.id}/approve`);
        onSent(sent.id);
      } else await consoleApi('POST', `/api/broadcasts/${draft.id}/reject`, { reason: reasons[draft.id] || (draft.mayApprove ? '' : t('withdraw')) });
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
    setRound((n) => n + 1);
  };

  return (
    <section className="drafts-panel" data-testid="drafts">
      <h2>{t('draftsTitle')}</h2>
      {drafts.length === 0 && <p className="console-hint">{t('draftsNone')}</p>}
      <ul>
        {drafts.map((d) => (
          <li key={d.id} data-draft={d.id}>
            <strong>{d.request.content.title}</strong> · {formatClock(d.createdAtMs)} · {t('draftedBy')} {d.sender} · {t('targeted')} {formatInt(d.targeted)}
            {d.source && (
              <p className="console-hint">
                {t('fromWarning')} {d.source.cap.sender} · {d.source.cap.identifier} ({d.source.cap.msgType})
              </p>
            )}
            <p>{d.request.content.body}</p>
            {d.mayApprove && (
              <>
                <button type="button" name="approve" onClick={() => act(d, 'approve')}>
                  {t('approve')}
                </button>
                <input name="rejectReason" placeholder={t('rejectReason')} value={reasons[d.id] ?? ''} onChange={(e) => setReasons({ ...reasons, [d.id]: e.target.value })} maxLength={200} />
                <button type="button" name="reject" disabled={!reasons[d.id]} onClick={() => act(d, 'reject')}>
                  {t('reject')}
                </button>
              </>
            )}
            {!d.mayApprove && (
              <button type="button" name="withdraw" onClick={() => act(d, 'reject')}>
                {t('withdraw')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {error && <p className="path-error">{error}</p>}
    </section>
  );
}
