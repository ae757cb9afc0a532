import { useEffect, useState } from 'react';
import { PinMap } from './PinMap.tsx';
import { CATEGORY_CODES, type Category } from '../../common/domain/categories.ts';
import { useStore } from '../realtime/store.ts';
import { formatClock, t } from '../shared/i18n.ts';
import { duty, fileReport, flushOutbox, sentReports, setDuty } from './fieldClient.ts';
import { outbox, readOutbox } from './outbox.ts';
import { categoryLabel } from '../shared/cityServices.ts';

/** Photos a report carries at most (each ≤ 10 MiB at the server). */
const MAX_PHOTOS = 3;

/** 在岗: on and off duty; while on, where and when the phone last shared its position. */
export function DutyCard() {
  const state = useStore(duty);
  return (
    <section className="worker-card" data-testid="duty-card" data-on-duty={state.onDuty}>
      <h2>{t('dutyTitle')}</h2>
      <button type="button" className={state.onDuty ? 'duty-toggle duty-toggle--on' : 'duty-toggle'} data-testid="duty-toggle" onClick={() => void setDuty(!state.onDuty)}>
        {state.onDuty ? t('dutyOff') : t('dutyOn')}
      </button>
      <p className="console-hint">
        {state.onDuty ? t('dutyOnHint') : t('dutyOffHint')}
        {state.lastSharedMs !== null && ` · ${t('dutyLastShared')} ${formatClock(state.lastSharedMs)}`}
      </p>
      {state.error && <p className="path-error">{state.error}</p>}
    </section>
  );
}

/**
 * 上报, 郑好拍-style: photos from the camera, the place (the phone's position, or coordinates
 * typed), the kind of problem and what is wrong. Filed into the outbox at once — with or without
 * signal — and sent from there.
 */
export function ReportForm() {
  const [category, setCategory] = useState<Category>('garbage');
  const [description, setDescription] = useState('');
  const [photos, setPhotos] = useState<File[]>([]);
  const [where, setWhere] = useState<{ lng: number; lat: number } | null>(null);
  const [pinning, setPinning] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  // A new key empties the file input after a report is filed.
  const [formKey, setFormKey] = useState(0);
  // Typed coordinates, as typed; the place once both parse (the server judges whether it lies in the city).
  const [text, setText] = useState({ lng: '', lat: '' });
  const locate = () =>
    navigator.geolocation?.getCurrentPosition(
      (p) => {
        const fix = { lng: Number(p.coords.longitude.toFixed(6)), lat: Number(p.coords.latitude.toFixed(6)) };
        setWhere(fix);
        setText({ lng: String(fix.lng), lat: String(fix.lat) });
      },
      () => setMessage(t('locationDenied')),
      { enableHighAccuracy: true, timeout: 10_000 },
    );
  useEffect(locate, []);
  const typed = (next: { lng: string; lat: string }) => {
    setText(next);
    const x = Number(next.lng);
    const y = Number(next.lat);
    if (next.lng.trim() && next.lat.trim() && Number.isFinite(x) && Number.isFinite(y)) setWhere({ lng: x, lat: y });
  };
  const submit = async () => {
    if (!where) return setMessage(t('locationDenied'));
    await fileReport({ category, description: description.trim(), lng: where.lng, lat: where.lat, photos });
    setDescription('');
    setPhotos([]);
    setFormKey((k) => k + 1);
    setMessage(t('reportFiled'));
  };
  return (
    <section className="worker-card" data-testid="report-form">
      <h2>{t('reportTitle')}</h2>
      <label className="worker-field">
        {t('filterCategory')}
        <select value={category} onChange={(e) => setCategory(e.target.value as Category)} data-testid="report-category">
          {CATEGORY_CODES.map((c) => (
            <option key={c} value={c}>
              {categoryLabel(c)}
            </option>
          ))}
        </select>
      </label>
      <textarea
        aria-label={t('reportDescription')}
        placeholder={t('reportDescription')}
        value={description}
        maxLength={2000}
        onChange={(e) => setDescription(e.target.value)}
        data-testid="report-description"
      />
      <label className="worker-field">
        {t('deskPhoto')} ({photos.length}/{MAX_PHOTOS})
        <input
          key={formKey}
          type="file"
          accept="image/*"
          capture="environment"
          multiple
          data-testid="report-photo"
          onChange={(e) => setPhotos([...photos, ...Array.from(e.target.files ?? [])].slice(0, MAX_PHOTOS))}
        />
      </label>
      <p className="console-hint" data-testid="report-where">
        {where ? `${where.lng}, ${where.lat}` : t('reportLocating')}{' '}
        <button type="button" onClick={locate}>
          {t('useMyLocation')}
        </button>
      </p>
      <button type="button" onClick={() => setPinning(!pinning)} data-testid="report-pin-toggle">
        {pinning ? t('reportPinClose') : t('reportPinOpen')}
      </button>
      {pinning && (
        <>
          <p className="console-hint">{t('reportPinHint')}</p>
          <PinMap
            where={where}
            onMove={(place) => {
              setWhere(place);
              setText({ lng: String(place.lng), lat: String(place.lat) });
            }}
          />
        </>
      )}
      {/* Without GPS (indoors, refused): the place typed in, where the problem is. */}
      <div className="worker-coordinates">
        <label>
          {t('longitude')}
          <input name="reportLng" inputMode="decimal" value={text.lng} onChange={(e) => typed({ ...text, lng: e.target.value })} />
        </label>
        <label>
          {t('latitude')}
          <input name="reportLat" inputMode="decimal" value={text.lat} onChange={(e) => typed({ ...text, lat: e.target.value })} />
        </label>
      </div>
      <button type="button" className="broadcast__confirm" disabled={!description.trim() || !where} onClick={() => void submit()} data-testid="report-submit">
        {t('reportSubmit')}
      </button>
      {message && <p role="status">{message}</p>}
    </section>
  );
}

/** 待发送: reports waiting for signal (or refused, with the reason), and those sent from this phone. */
export function OutboxList() {
  const { items } = useStore(outbox);
  const sent = useStore(sentReports).items;
  useEffect(() => {
    void readOutbox().then(() => flushOutbox());
  }, []);
  if (items.length === 0 && sent.length === 0) return null;
  return (
    <section className="worker-card" data-testid="outbox">
      <h2>{t('outboxTitle')}</h2>
      <ul>
        {items.map((i) => (
          <li key={i.key} data-testid="outbox-item" data-state={i.refused ? 'refused' : 'waiting'}>
            {categoryLabel(i.category)} · {formatClock(i.createdAtMs)} · {i.refused ? `${t('outboxRefused')}: ${i.refused}` : t('outboxWaiting')}
          </li>
        ))}
        {sent.map((s) => (
          <li key={s.key} data-testid="sent-item" data-event-id={s.eventId}>
            {categoryLabel(s.category as Category)} · {formatClock(s.atMs)} · {t('outboxSent')} {s.eventId}
          </li>
        ))}
      </ul>
    </section>
  );
}
