import { type FormEvent, useState } from 'react';
import { OPERATING_MODE_LABELS, OPERATING_MODES, type OperatingMode } from '../../common/domain/modes.ts';
import { operatingMode, switchMode } from '../realtime/consoleFeed.ts';
import { useStore } from '../realtime/store.ts';
import { formatDateTime, label, t } from '../shared/i18n.ts';

/** Kept in step with the server's ModeChange schema: the reason goes into the audit log. */
const REASON_MAX_CHARS = 200;
const HISTORY_ROWS = 8;

/**
 * 运行模式: the city's mode now (live), who switched it and why, and a switch that asks for a
 * reason and a second, explicit confirmation — it changes every wall and the alert thresholds.
 */
export function ModePanel() {
  const { current, history } = useStore(operatingMode);
  const [target, setTarget] = useState<OperatingMode>('emergency');
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // Changing the form after asking withdraws the question: what is confirmed is what is shown.
  const edit = (change: () => void) => {
    change();
    setConfirming(false);
  };
  const ask = (event: FormEvent) => {
    event.preventDefault();
    setError(current?.mode === target ? t('modeSame') : null);
    setConfirming(current?.mode !== target);
  };
  const confirm = async () => {
    setBusy(true);
    try {
      await switchMode(target, reason.trim());
      setReason('');
      setConfirming(false);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
      setConfirming(false);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="mode-panel" data-testid="mode-panel">
      <h2>{t('operatingMode')}</h2>
      <p className="mode-panel__current">
        {t('modeCurrent')}:{' '}
        <strong className={`mode-chip mode-chip--${current?.mode ?? 'unknown'}`} data-testid="mode-current" data-mode={current?.mode ?? ''}>
          {current ? label(OPERATING_MODE_LABELS[current.mode]) : '–'}
        </strong>
      </p>
      {current && (
        <p className="console-hint">
          {t('modeSince')} {current.sinceMs ? formatDateTime(current.sinceMs) : '–'} · {t('modeActor')} {current.actor} · {current.reason}
        </p>
      )}
      <form className="composer" onSubmit={ask} data-testid="mode-form">
        <label>
          {t('modeTarget')}
          <select name="mode" value={target} onChange={(e) => edit(() => setTarget(e.target.value as OperatingMode))} disabled={busy}>
            {OPERATING_MODES.map((m) => (
              <option key={m} value={m}>
                {label(OPERATING_MODE_LABELS[m])}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('modeReason')}
          <textarea name="reason" value={reason} onChange={(e) => edit(() => setReason(e.target.value))} rows={2} maxLength={REASON_MAX_CHARS} required disabled={busy} />
        </label>
        {!confirming && (
          <button type="submit" data-testid="mode-submit" disabled={busy || reason.trim() === ''}>
            {t('modeSwitch')}
          </button>
        )}
      </form>
      {confirming && (
        <div className={`mode-confirm mode-confirm--${target}`} data-testid="mode-confirm-step">
          <p>
            {t('modeConfirmPrompt')} <strong>{label(OPERATING_MODE_LABELS[target])}</strong>
            {t('modeConfirmEnd')}
          </p>
          <div className="broadcast-actions">
            <button type="button" data-testid="mode-confirm" onClick={confirm} disabled={busy}>
              {t('modeConfirm')}
            </button>
            <button type="button" onClick={() => setConfirming(false)} disabled={busy}>
              {t('cancel')}
            </button>
          </div>
        </div>
      )}
      {error && (
        <p className="path-error" data-testid="mode-error">
          {error}
        </p>
      )}
      {history.length > 0 && (
        <>
          <h3>{t('modeHistory')}</h3>
          <ol className="mode-history" data-testid="mode-history">
            {history.slice(0, HISTORY_ROWS).map((h) => (
              <li key={`${h.sinceMs}-${h.mode}`} data-mode={h.mode}>
                <span>{h.sinceMs ? formatDateTime(h.sinceMs) : '–'}</span> <strong>{label(OPERATING_MODE_LABELS[h.mode])}</strong> <span>{h.actor}</span> <em>{h.reason}</em>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
