import { type FormEvent, useEffect, useState } from 'react';
import { BROADCAST_PRIORITY_LABELS, type BroadcastPriority, type BroadcastScope } from '../../common/domain/broadcasts.ts';
import { BROADCAST_TEMPLATES } from '../../common/domain/broadcastTemplates.ts';
import type { GeoSummary } from '../../common/domain/geo.ts';
import { WORKER_ROLE_LABELS, WORKER_ROLES, type WorkerRole } from '../../common/domain/workers.ts';
import { consoleApi } from '../realtime/consoleFeed.ts';
import { formatInt, label, t } from '../shared/i18n.ts';

const PREVIEW_DELAY_MS = 300;

/** Compose: a template or free text, priority, confirmation, drill flag, and who it reaches. */
export function BroadcastComposer({ geo, onSent }: { geo: GeoSummary | null; onSent: (id: string) => void }) {
  const [title, setTitle] = useState(BROADCAST_TEMPLATES[0]!.title);
  const [body, setBody] = useState(BROADCAST_TEMPLATES[0]!.body);
  const [priority, setPriority] = useState<BroadcastPriority>(BROADCAST_TEMPLATES[0]!.priority);
  const [requiresConfirmation, setRequiresConfirmation] = useState(true);
  const [exercise, setExercise] = useState(false);
  const [city, setCity] = useState(true);
  const [districts, setDistricts] = useState<string[]>([]);
  const [codes, setCodes] = useState('');
  const [roles, setRoles] = useState<WorkerRole[]>([]);
  const [targeted, setTargeted] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const scope = (): BroadcastScope => {
    const list = codes.split(/[,，\s]+/).filter(Boolean);
    return {
      city,
      districts: city ? [] : districts,
      streets: city ? [] : list.filter((c) => c.length === 9),
      communities: city ? [] : list.filter((c) => c.length === 12),
      grids: city ? [] : list.filter((c) => c.length === 15),
      roles,
    };
  };
  const scopeKey = JSON.stringify(scope());

  useEffect(() => {
    const timer = setTimeout(() => {
      consoleApi<{ targeted: number }>('POST', '/api/broadcasts/preview', { scope: JSON.parse(scopeKey) }).then(
        (r) => {
          setTargeted(r.targeted);
          setError(null);
        },
        (e: Error) => {
          setTargeted(null);
          setError(e.message);
        },
      );
    }, PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
  }, [scopeKey]);

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
      const sent = await consoleApi<{ id: string }>('POST', '/api/broadcasts', { content: { title, body, priority, requiresConfirmation, exercise }, scope: scope() });
      setError(null);
      onSent(sent.id);
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
      <fieldset>
        <legend>{t('scope')}</legend>
        <label className="inline">
          <input type="checkbox" name="city" checked={city} onChange={(e) => setCity(e.target.checked)} /> {t('wholeCity')}
        </label>
        {!city && (
          <>
            <div className="district-grid">
              {geo?.byDistrict.map((d) => (
                <label key={d.code} className="inline">
                  <input
                    type="checkbox"
                    name={`district-${d.code}`}
                    checked={districts.includes(d.code)}
                    onChange={(e) => setDistricts(e.target.checked ? [...districts, d.code] : districts.filter((c) => c !== d.code))}
                  />{' '}
                  {d.shortName}
                </label>
              ))}
            </div>
            <label>
              {t('unitCodes')}
              <input name="codes" value={codes} onChange={(e) => setCodes(e.target.value)} placeholder="410103001, 410103001001001" />
            </label>
          </>
        )}
        <div>
          {t('roles')}:{' '}
          {WORKER_ROLES.map((r) => (
            <label key={r} className="inline">
              <input type="checkbox" name={`role-${r}`} checked={roles.includes(r)} onChange={(e) => setRoles(e.target.checked ? [...roles, r] : roles.filter((x) => x !== r))} />{' '}
              {label(WORKER_ROLE_LABELS[r])}
            </label>
          ))}
        </div>
      </fieldset>
      <p className="composer__targeted">
        {t('targeted')}: <strong data-testid="targeted">{targeted === null ? '–' : formatInt(targeted)}</strong>
      </p>
      {error && <p className="path-error">{error}</p>}
      <button type="submit" disabled={busy || !targeted}>
        {busy ? t('sending') : t('send')}
      </button>
    </form>
  );
}
