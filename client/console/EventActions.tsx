import { useState } from 'react';
import type { DeskEvent } from '../../common/domain/officerDeskView.ts';
import type { TransitionCommand } from '../../common/domain/eventRecords.ts';
import { CLOSED_STATES, canTransition } from '../../common/domain/events.ts';
import { WORKER_ID_PATTERN } from '../../common/domain/workers.ts';
import { officerDesk } from '../realtime/officerDeskFeed.ts';
import { t } from '../shared/i18n.ts';
import { blowWhistle, type EventReading, giveTask, readEvent, StepRefused, transition } from './officerApi.ts';
import { cityServices, departmentName } from '../shared/cityServices.ts';

/** Minutes given to report in by default (街乡吹哨: within the half hour). */
const DEFAULT_WHISTLE_MINUTES = 30;

/**
 * The officer's steps on one event, each a checked and audited transition on the server: 受理,
 * 立案, 派遣 (the category's default in one click), 会商, 领导包派, 退回 with a reason, 升级, merge
 * and unmerge, and 吹哨. Another officer who acted first: a 409, the event shown as it is now.
 */
export function EventActions({ item, onRead }: { item: DeskEvent; onRead: (reading: EventReading) => void }) {
  const [note, setNote] = useState('');
  const [departments, setDepartments] = useState<string[]>(() => cityServices().departmentsFor(item.category, item.districtCode));
  const [lead, setLead] = useState<string>('');
  const [leader, setLeader] = useState('');
  const [mergeInto, setMergeInto] = useState('');
  const [whistleMinutes, setWhistleMinutes] = useState(DEFAULT_WHISTLE_MINUTES);
  const [worker, setWorker] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setMessage(null);
    try {
      await action();
      setNote('');
      onRead(await readEvent(item.id));
    } catch (e) {
      setMessage(e instanceof StepRefused && e.status === 409 ? `${t('actConflict')}: ${e.message}` : (e as Error).message);
      readEvent(item.id).then(onRead, () => {});
    } finally {
      setBusy(false);
    }
  };
  const step = (command: TransitionCommand) => run(() => transition(item.id, { ...command, ...(note.trim() && !command.note ? { note: note.trim() } : {}) }));
  const may = (to: DeskEvent['state']) => !item.duplicateOf && canTransition(item.state, to);
  const closed = CLOSED_STATES.has(item.state);
  const toggle = (code: string) => setDepartments((ds) => (ds.includes(code) ? ds.filter((d) => d !== code) : [...ds, code]));
  const outstanding = item.whistle?.departments.some((d) => d.reportedInAtMs === null) ?? false;
  if (closed) return null;
  return (
    <section className="event-actions" data-testid="event-actions">
      <input aria-label={t('actNote')} placeholder={t('actNote')} value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
      <div className="event-actions__row">
        {may('accepted') && <Act label={t('actAccept')} id="accept" busy={busy} onClick={() => step({ to: 'accepted' })} />}
        {may('filed') && <Act label={t('actFile')} id="file" busy={busy} onClick={() => step({ to: 'filed' })} />}
        {may('dispatched') && <Act label={t('actDispatch')} id="dispatch" busy={busy} onClick={() => step({ to: 'dispatched' })} />}
        {may('returned') && <Act label={t('actReturn')} id="return" busy={busy || !note.trim()} onClick={() => step({ to: 'returned' })} />}
        {may('escalated') && <Act label={t('actEscalate')} id="escalate" busy={busy} onClick={() => step({ to: 'escalated' })} />}
        {item.duplicateOf && item.state === 'reported' && (
          <Act label={t('actConfirmDuplicate')} id="confirm-duplicate" busy={busy} onClick={() => step({ to: 'accepted', duplicateOf: item.duplicateOf })} />
        )}
        {item.duplicateOf && <Act label={t('actUnmerge')} id="unmerge" busy={busy} onClick={() => step({ to: item.state, duplicateOf: null })} />}
      </div>
      <fieldset className="event-actions__dispatch">
        <legend>{t('detailDepartments')}</legend>
        <div className="event-actions__departments">
          {cityServices().departments.map((d) => (
            <label key={d.code}>
              <input type="checkbox" data-testid={`pick-${d.code}`} checked={departments.includes(d.code)} onChange={() => toggle(d.code)} />
              {departmentName(d.code)}
            </label>
          ))}
        </div>
        {may('dispatched') && (
          <div className="event-actions__row">
            <label>
              {t('actLeadDepartment')}
              <select value={lead} onChange={(e) => setLead(e.target.value)}>
                <option value="">—</option>
                {departments.map((d) => (
                  <option key={d} value={d}>
                    {departmentName(d)}
                  </option>
                ))}
              </select>
            </label>
            <Act
              label={t('actJoint')}
              id="joint"
              busy={busy || departments.length === 0}
              onClick={() => step({ to: 'dispatched', departments, ...(lead && departments.includes(lead) ? { leadDepartment: lead } : {}) })}
            />
            <input aria-label={t('actLeaderName')} placeholder={t('actLeaderName')} value={leader} maxLength={50} onChange={(e) => setLeader(e.target.value)} />
            <Act label={t('actLeader')} id="leader" busy={busy || !leader.trim() || departments.length === 0} onClick={() => step({ to: 'dispatched', departments, leader: leader.trim() })} />
          </div>
        )}
      </fieldset>
      {!item.duplicateOf && (
        <div className="event-actions__row">
          <input aria-label={t('actMergeInto')} placeholder={t('actMergeInto')} value={mergeInto} maxLength={20} onChange={(e) => setMergeInto(e.target.value.trim())} />
          <Act label={t('actMerge')} id="merge" busy={busy || !mergeInto} onClick={() => step({ to: item.state === 'reported' ? 'accepted' : item.state, duplicateOf: mergeInto })} />
        </div>
      )}
      {!item.duplicateOf && !outstanding && (
        <div className="event-actions__row">
          <label>
            {t('actDeadlineMin')}
            <input type="number" min={0.1} step="any" max={7 * 24 * 60} value={whistleMinutes} onChange={(e) => setWhistleMinutes(Number(e.target.value) || DEFAULT_WHISTLE_MINUTES)} />
          </label>
          <Act
            label={t('actWhistle')}
            id="whistle"
            busy={busy || departments.length === 0}
            onClick={() => run(() => blowWhistle(item.id, departments, Date.now() + officerDesk.get().clockOffsetMs + whistleMinutes * 60_000))}
          />
        </div>
      )}
      {!item.duplicateOf && (!item.task || item.task.outcome !== null) && (
        <div className="event-actions__row">
          <input aria-label={t('taskWorker')} placeholder={t('taskWorker')} value={worker} maxLength={32} onChange={(e) => setWorker(e.target.value.trim())} data-testid="task-worker" />
          <Act label={t('taskVerify')} id="task-verify" busy={busy || !WORKER_ID_PATTERN.test(worker)} onClick={() => run(() => giveTask(item.id, worker, 'verify'))} />
          <Act label={t('taskHandle')} id="task-handle" busy={busy || !WORKER_ID_PATTERN.test(worker)} onClick={() => run(() => giveTask(item.id, worker, 'handle'))} />
        </div>
      )}
      {message && (
        <p role="alert" className="desk__error" data-testid="action-error">
          {message}
        </p>
      )}
    </section>
  );
}

function Act({ label, id, busy, onClick }: { label: string; id: string; busy: boolean; onClick: () => void }) {
  return (
    <button type="button" disabled={busy} data-testid={`act-${id}`} onClick={onClick}>
      {label}
    </button>
  );
}
