import type { PositionUpdate } from '../../common/domain/field.ts';
import { createStore } from '../realtime/store.ts';
import { whenConnected, workerAuth, workerSocket } from '../realtime/workerFeed.ts';
import { authFetch } from '../shared/authFetch.ts';
import { type OutboxItem, putOutbox, readOutbox, removeOutbox } from './outbox.ts';
import { requestOutboxSync } from './serviceWorkerClient.ts';

/** How often the phone shares its position while on duty, ms. */
const SHARE_EVERY_MS = 30_000;

/** Reports the server has taken today on this phone, newest first (after the outbox empties). */
export const sentReports = createStore<{ items: { key: string; eventId: string; category: string; atMs: number }[] }>({ items: [] });

let flushing: Promise<void> | null = null;

/**
 * Sends what waits in the outbox, oldest first: the report (its key as externalId, so a replay is
 * the same event), then each photo (its own clientKey, so a replay is the same photo). A refusal
 * (4xx) is kept for the worker to read and not sent again; no signal or a busy server (5xx, 429)
 * stops the round, and the next one — on reconnecting, going online, or every 30 s — goes on.
 */
export function flushOutbox(): Promise<void> {
  flushing ??= (async () => {
    for (const item of (await readOutbox()).filter((i) => !i.refused).sort((a, b) => a.createdAtMs - b.createdAtMs)) if (!(await sendOne(item))) break;
    if ((await waitingReports()) > 0) await requestOutboxSync();
  })().finally(() => (flushing = null));
  return flushing;
}

/** Reports still to send (refused ones are kept to be read, not sent). */
const waitingReports = async () => (await readOutbox()).filter((i) => !i.refused).length;

/** Sends the outbox and tells how many reports still wait: the service worker's Background Sync asks this. */
export const flushAndCount = async (): Promise<number> => (await flushOutbox(), waitingReports());

async function sendOne(item: OutboxItem): Promise<boolean> {
  try {
    if (!item.eventId) {
      const res = await authFetch(workerAuth, '/api/events', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ channel: 'gridPatrol', category: item.category, description: item.description, location: { lng: item.lng, lat: item.lat }, externalId: item.key }),
      });
      const body = (await res.json()) as { id?: string; error?: string };
      if (res.status >= 400 && res.status < 500 && res.status !== 429) return (await putOutbox({ ...item, refused: body.error ?? `HTTP ${res.status}` }), true);
      if (!res.ok || !body.id) return false;
      item = { ...item, eventId: body.id };
      await putOutbox(item);
    }
    while (item.photosSent < item.photos.length) {
      const form = new FormData();
      form.append('clientKey', `${item.key}-p${item.photosSent}`);
      form.append('file', item.photos[item.photosSent]!, `photo-${item.photosSent}.jpg`);
      const res = await authFetch(workerAuth, `/api/events/${item.eventId}/attachments`, { method: 'POST', body: form });
      if (res.status >= 400 && res.status < 500 && res.status !== 429) {
        // A photo the server will not take (not an image, too large): the report stands without it.
        item = { ...item, photosSent: item.photosSent + 1 };
      } else if (!res.ok) return false;
      else item = { ...item, photosSent: item.photosSent + 1 };
      await putOutbox(item);
    }
    await removeOutbox(item.key);
    sentReports.set({ items: [{ key: item.key, eventId: item.eventId!, category: item.category, atMs: item.createdAtMs }, ...sentReports.get().items] });
    return true;
  } catch {
    // No signal: it waits.
    return false;
  }
}

/** Files a report into the outbox (at once, signal or not) and tries to send it. */
export async function fileReport(report: Omit<OutboxItem, 'key' | 'createdAtMs' | 'photosSent' | 'eventId' | 'refused'>): Promise<void> {
  await putOutbox({ ...report, key: crypto.randomUUID().replaceAll('-', ''), createdAtMs: Date.now(), photosSent: 0, eventId: null, refused: null });
  void flushOutbox();
}

/** 在岗: on duty the phone shares its position every 30 s (volatile: a late position is worth nothing). */
export const duty = createStore<{ onDuty: boolean; lastSharedMs: number | null; error: string | null }>({ onDuty: false, lastSharedMs: null, error: null });
let sharing: ReturnType<typeof setInterval> | null = null;

export async function setDuty(onDuty: boolean): Promise<void> {
  const socket = workerSocket();
  if (!socket) return void duty.set({ error: 'not connected' });
  const ack = await socket.emitWithAck('duty:set', { onDuty });
  if (!ack.ok) return void duty.set({ error: ack.error });
  duty.set({ onDuty: ack.onDuty, error: null });
  if (sharing) clearInterval(sharing);
  sharing = null;
  if (onDuty) {
    sharePosition();
    sharing = setInterval(sharePosition, SHARE_EVERY_MS);
  }
}

function sharePosition(): void {
  navigator.geolocation?.getCurrentPosition(
    (p) => {
      const update: PositionUpdate = { lng: p.coords.longitude, lat: p.coords.latitude, atMs: Math.round(p.timestamp || Date.now()), accuracyM: Math.min(10_000, p.coords.accuracy || 0) };
      workerSocket()?.volatile.emit('position:update', update, (ack) => duty.set(ack.ok ? { lastSharedMs: update.atMs, error: null } : { error: ack.error }));
    },
    () => duty.set({ error: 'location unavailable' }),
    { enableHighAccuracy: true, timeout: 10_000, maximumAge: 15_000 },
  );
}

// The outbox goes out whenever the phone is back: online again, and every 30 s besides.
if (typeof window !== 'undefined') {
  window.addEventListener('online', () => void flushOutbox());
  setInterval(() => void flushOutbox(), SHARE_EVERY_MS);
}

// Back online: the outbox goes out, and a worker on duty is on duty again (a node that restarted forgot).
whenConnected(() => {
  void flushOutbox();
  if (duty.get().onDuty) void setDuty(true);
});
