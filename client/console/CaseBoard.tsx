import { useCallback, useEffect, useMemo, useState } from 'react';
import { CASE_KIND_LABELS, CASE_KINDS, type CaseKind, type CaseSummary, type CrossCase } from '../../common/domain/cases.ts';
import { CLOSED_STATES } from '../../common/domain/events.ts';
import { consoleApi } from '../realtime/consoleFeed.ts';
import { officerDesk } from '../realtime/officerDeskFeed.ts';
import { useStore } from '../realtime/store.ts';
import { formatDateTime, formatInt, formatPercent, label, t } from '../shared/i18n.ts';
import { departmentName } from '../shared/cityServices.ts';

/** How often the board reads the cases again, ms (they change at the pace of meetings). */
const REFRESH_MS = 10_000;

/**
 * 三跨案件看板: the cases the officer may see with the summary (held, closed, rate — the seeds'
 * shape), a case's events, departments and joint meetings; open a case from events that span
 * jurisdictions, record a meeting, close it with its resolution.
 */
export function CaseBoard() {
  const [data, setData] = useState<{ cases: CrossCase[]; summary: CaseSummary } | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => consoleApi<{ cases: CrossCase[]; summary: CaseSummary }>('GET', '/api/cases').then(setData, (e: Error) => setError(e.message)), []);
  useEffect(() => {
    void reload();
    const timer = setInterval(() => void reload(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  const chosen = data?.cases.find((c) => c.id === selected) ?? null;
  return (
    <div className="case-board" data-testid="case-board">
      <section className="case-board__list">
        <h2>{t('tabCases')}</h2>
        {data && (
          <dl className="case-board__summary" data-testid="case-summary" data-held={data.summary.held} data-closed={data.summary.closed}>
            <dt>{t('casesHeld')}</dt>
            <dd>{formatInt(data.summary.held)}</dd>
            <dt>{t('casesClosed')}</dt>
            <dd>{formatInt(data.summary.closed)}</dd>
            <dt>{t('casesClosedRate')}</dt>
            <dd>{data.summary.closedRate === null ? '—' : formatPercent(data.summary.closedRate)}</dd>
          </dl>
        )}
        {error && (
          <p role="alert" className="desk__error">
            {error}
          </p>
        )}
        <ol className="officer-desk__list">
          {data?.cases.map((c) => (
            <li key={c.id} className={`desk-row ${c.id === selected ? 'desk-row--selected' : ''}`} data-testid="case-row" data-case-id={c.id} data-state={c.state}>
              <button type="button" onClick={() => setSelected(c.id)}>
                <strong>{c.title}</strong>
                <span className="desk-row__state">{t(c.state === 'open' ? 'caseOpen' : 'caseClosed')}</span>
                {c.kinds.map((k) => (
                  <span key={k} className="desk-row__reason">
                    {label(CASE_KIND_LABELS[k])}
                  </span>
                ))}
                <span className="desk-row__meta">
                  {c.id} · {formatDateTime(c.openedAtMs)} · {t('caseMeetings')} {c.meetings.length}
                </span>
              </button>
            </li>
          ))}
        </ol>
      </section>
      <section className="case-board__detail">
        {chosen ? <CaseDetail key={`${chosen.id}:${chosen.version}`} c={chosen} onChanged={reload} /> : <OpenCase onOpened={(id) => void reload().then(() => setSelected(id))} />}
      </section>
    </div>
  );
}

function OpenCase({ onOpened }: { onOpened: (id: string) => void }) {
  const desk = useStore(officerDesk);
  const suggested = useMemo(() => [...desk.byId.values()].filter((e) => e.spansJurisdictions && !CLOSED_STATES.has(e.state)).map((e) => e.id), [desk.byId]);
  const [title, setTitle] = useState('');
  const [kinds, setKinds] = useState<CaseKind[]>(['department']);
  const [eventIds, setEventIds] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const submit = () =>
    consoleApi<{ case: CrossCase }>('POST', '/api/cases', { title, kinds, eventIds: eventIds.split(/[\s,，、]+/).filter(Boolean) }).then(
      (r) => onOpened(r.case.id),
      (e: Error) => setMessage(e.message),
    );
  return (
    <form className="composer" onSubmit={(e) => (e.preventDefault(), void submit())}>
      <h2>{t('caseOpenTitle')}</h2>
      <input aria-label={t('caseTitle')} placeholder={t('caseTitle')} value={title} maxLength={100} onChange={(e) => setTitle(e.target.value)} data-testid="case-title" />
      <div className="event-actions__row">
        {CASE_KINDS.map((k) => (
          <label key={k}>
            <input type="checkbox" checked={kinds.includes(k)} onChange={() => setKinds((ks) => (ks.includes(k) ? ks.filter((x) => x !== k) : [...ks, k]))} />
            {label(CASE_KIND_LABELS[k])}
          </label>
        ))}
      </div>
      <input aria-label={t('caseEvents')} placeholder={t('caseEvents')} value={eventIds} onChange={(e) => setEventIds(e.target.value)} data-testid="case-events" />
      {suggested.length > 0 && (
        <p className="console-hint">
          {t('detailSpans')}:{' '}
          {suggested.slice(0, 20).map((id) => (
            <button key={id} type="button" onClick={() => setEventIds((v) => (v.includes(id) ? v : `${v} ${id}`.trim()))}>
              {id}
            </button>
          ))}
        </p>
      )}
      <button type="submit" disabled={!title.trim() || !eventIds.trim() || kinds.length === 0} data-testid="case-open">
        {t('caseOpenTitle')}
      </button>
      {message && (
        <p role="alert" className="desk__error">
          {message}
        </p>
      )}
    </form>
  );
}

function CaseDetail({ c, onChanged }: { c: CrossCase; onChanged: () => Promise<unknown> }) {
  const [participants, setParticipants] = useState('');
  const [decisions, setDecisions] = useState('');
  const [resolution, setResolution] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const act = (path: string, body: unknown) => consoleApi('POST', `/api/cases/${c.id}/${path}`, body).then(onChanged, (e: Error) => setMessage(e.message));
  return (
    <article className="event-detail" data-testid="case-detail" data-case-id={c.id} data-state={c.state}>
      <h2>
        {c.title} <small>{c.id}</small>
      </h2>
      <dl className="event-detail__facts">
        <dt>{t('caseKinds')}</dt>
        <dd>{c.kinds.map((k) => label(CASE_KIND_LABELS[k])).join('、')}</dd>
        <dt>{t('caseEvents')}</dt>
        <dd>{c.eventIds.join('、')}</dd>
        <dt>{t('detailDepartments')}</dt>
        <dd>{c.departments.map(departmentName).join('、') || '—'}</dd>
        <dt>{t('caseOpenedBy')}</dt>
        <dd>
          {c.openedBy} · {formatDateTime(c.openedAtMs)}
        </dd>
        {c.closedAtMs !== null && (
          <>
            <dt>{t('caseClosed')}</dt>
            <dd>
              {c.closedBy} · {formatDateTime(c.closedAtMs)} · {c.resolution}
            </dd>
          </>
        )}
      </dl>
      <h3>{t('caseMeetings')}</h3>
      <ol className="event-detail__history" data-testid="case-meetings">
        {c.meetings.map((m, i) => (
          <li key={i}>
            <time>{formatDateTime(m.atMs)}</time> {m.participants.join('、')} <q>{m.decisions}</q>
          </li>
        ))}
      </ol>
      {c.state === 'open' && (
        <div className="event-actions">
          <input aria-label={t('caseParticipants')} placeholder={t('caseParticipants')} value={participants} onChange={(e) => setParticipants(e.target.value)} data-testid="meeting-participants" />
          <input aria-label={t('caseDecisions')} placeholder={t('caseDecisions')} value={decisions} maxLength={2000} onChange={(e) => setDecisions(e.target.value)} data-testid="meeting-decisions" />
          <button
            type="button"
            data-testid="meeting-record"
            disabled={!participants.trim() || !decisions.trim()}
            onClick={() =>
              void act('meetings', {
                atMs: Date.now() + officerDesk.get().clockOffsetMs,
                participants: participants
                  .split(/[,，、]+/)
                  .map((p) => p.trim())
                  .filter(Boolean),
                decisions,
              })
            }
          >
            {t('caseRecordMeeting')}
          </button>
          <input aria-label={t('caseResolution')} placeholder={t('caseResolution')} value={resolution} maxLength={1000} onChange={(e) => setResolution(e.target.value)} data-testid="case-resolution" />
          <button type="button" data-testid="case-close" disabled={!resolution.trim()} onClick={() => void act('close', { resolution })}>
            {t('caseClose')}
          </button>
        </div>
      )}
      {message && (
        <p role="alert" className="desk__error">
          {message}
        </p>
      )}
    </article>
  );
}
