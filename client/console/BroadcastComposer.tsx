import { type FormEvent, useEffect, useState } from 'react';
import { BROADCAST_PRIORITY_LABELS, type BroadcastPriority } from '../../common/domain/broadcasts.ts';
import { BROADCAST_TEMPLATES } from '../../common/domain/broadcastTemplates.ts';
import { consoleApi } from '../realtime/consoleFeed.ts';
import type { LocateOutcome } from '../shared/GridPathView.tsx';
import { formatInt, label, t } from '../shared/i18n.ts';
import { ScopePicker } from './ScopePicker.tsx';
import { EMPTY_DRAFT, isEmptyScope, toBroadcastScope } from './scopeSelection.ts';

const PREVIEW_DELAY_MS = 300;

/**
 * Compose: a template or free text, priority, confirmation, drill flag, and who it reaches.
 * `located` is the console's last located point, which the map picker may add to the scope.
 */
export function BroadcastComposer({ located, onSent }: { located: LocateOutcome; onSent: (id: string) => void }) {
  const [title, setTitle] = useState(BROADCAST_TEMPLATES[0]!.title);
  const [body, setBody] = useState(BROADCAST_TEMPLATES[0]!.body);
  const [priority, setPriority] = useState<BroadcastPriority>(BROADCAST_TEMPLATES[0]!.priority);
  const [requiresConfirmation, setRequiresConfirmation] = useState(true);
  const [exercise, setExercise] = useState(false);
  const [draft, setDraft] = useState(EMPTY_DRAFT);
  const [targeted, setTargeted] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // 审核: a city-wide or flash broadcast waits for a second officer unless sent now, with the reason.
  const [override, setOverride] = useState(false);
  const [overrideReason, setOverrideReason] = useState('');
  const [awaiting, setAwaiting] = useState<string | null>(null);

  const scope = toBroadcastScope(draft);
  const empty = isEmptyScope(scope);
  // The effect depends on the scope's content, not on a new object each render.
  const scopeKey = JSON.stringify(scope);

  useEffect(() => {
    // Nothing chosen yet is not an error to show: the scope's hint says what to do.
    setTargeted(null);
    setError(null);
    if (empty) return;
    // An answer for a scope since changed must not overwrite the newer one.
    let current = true;
    const timer = setTimeout(() => {
      consoleApi<{ targeted: number }>('POST', '/api/broadcasts/preview', { scope: JSON.parse(scopeKey) }).then(
        (r) => current && setTargeted(r.targeted),
        (e: Error) => current && setError(e.message),
      );
    }, PREVIEW_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [scopeKey, empty]);

  const applyTemplate = (key: string) => {
    const template = BROADCAST_TEMPLATES.find((x) => x.key === key);
    if (!template) return;
    setTitle(template.title);
    setBody(template.body);
    setPriority(template.priority);
    setRequiresConfirmation(template.requiresConfirmation);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const sent = await consoleApi<{ id: string; state?: 'awaitingApproval' }>('POST', '/api/broadcasts', {
        content: { title, body, priority, requiresConfirmation, exercise },
        scope,
        ...(override ? { override: { reason: overrideReason } } : {}),
      });
      setError(null);
      if (sent.state === 'awaitingApproval') setAwaiting(sent.id);
      else {
        setAwaiting(null);
        onSent(sent.id);
      }
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="composer" onSubmit={submit} data-testid="composer">
      <h2>{t('composeTitle')}</h2>
      <label>
        {t('template')}
        <select name="template" onChange={(e) => applyTemplate(e.target.value)} defaultValue={BROADCAST_TEMPLATES[0]!.key}>
          {BROADCAST_TEMPLATES.map((x) => (
            <option key={x.key} value={x.key}>
              {x.title}
            </option>
          ))}
          <option value="">{t('freeText')}</option>
        </select>
      </label>
      <label>
        {t('title')}
        <input name="title" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={60} required />
      </label>
      <label>
        {t('body')}
        <textarea name="body" value={body} onChange={(e) => setBody(e.target.value)} rows={4} maxLength={2000} required />
      </label>
      <fieldset>
        <legend>{t('priority')}</legend>
        {(Object.keys(BROADCAST_PRIORITY_LABELS) as BroadcastPriority[]).map((p) => (
          <label key={p} className="inline">
            <input type="radio" name="priority" value={p} checked={priority === p} onChange={() => setPriority(p)} /> {label(BROADCAST_PRIORITY_LABELS[p])}
          </label>
        ))}
      </fieldset>
      <label className="inline">
        <input type="checkbox" name="requiresConfirmation" checked={requiresConfirmation} onChange={(e) => setRequiresConfirmation(e.target.checked)} /> {t('requiresConfirmation')}
      </label>
      <label className="inline">
        <input type="checkbox" name="exercise" checked={exercise} onChange={(e) => setExercise(e.target.checked)} /> {t('exercise')}
      </label>
      <ScopePicker draft={draft} onChange={setDraft} located={located} />
      <p className="composer__targeted">
        {t('targeted')}: <strong data-testid="targeted">{targeted === null ? '–' : formatInt(targeted)}</strong>
      </p>
      <label className="inline">
        <input type="checkbox" name="override" checked={override} onChange={(e) => setOverride(e.target.checked)} /> {t('overrideSend')}
      </label>
      {override && (
        <label>
          {t('overrideReason')}
          <input name="overrideReason" value={overrideReason} onChange={(e) => setOverrideReason(e.target.value)} maxLength={200} required />
        </label>
      )}
      {awaiting && (
        <p className="composer__awaiting" data-testid="awaiting-approval">
          {awaiting} · {t('awaitingApproval')}
        </p>
      )}
      {error && <p className="path-error">{error}</p>}
      <button type="submit" disabled={busy || !targeted}>
        {busy ? t('sending') : t('send')}
      </button>
    </form>
  );
}
