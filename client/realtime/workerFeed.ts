import type { GridStragglers, WorkerBroadcast } from '../../common/domain/broadcasts.ts';
import type { TaskItem } from '../../common/domain/tasks.ts';
import type { InboxItem, WorkerClientToServer, WorkerServerToClient } from '../../common/socketCatalogue.ts';
import { createSession } from '../shared/session.ts';
import { recall, remember } from '../worker/lastKnown.ts';
import { socketWhileSignedIn } from './connection.ts';
import { locateOver } from './locateClient.ts';
import { PendingConfirmations } from './pendingConfirmations.ts';
import { createStore } from './store.ts';

/**
 * The worker app's one socket owner. Every broadcast that arrives is answered at once with a
 * receipt (delivered); the worker confirms by hand. After any reconnect the inbox is fetched
 * whole, so nothing sent while the phone was away is lost, and confirmations it does not show yet
 * are sent again.
 */
export const workerAuth = createSession('worker');
export const workerSession = workerAuth.session;
export const inbox = createStore<{ items: InboxItem[]; alerting: InboxItem | null; syncedAtMs: number | null }>({ items: [], alerting: null, syncedAtMs: null });

/** The inbox the phone last had, shown at once (with no signal, until it returns); the newest 50 kept. */
const INBOX_KEPT = 50;
let inboxOf: string | null = null;
function recallInbox(): void {
  const username = workerSession.get().username;
  if (username === inboxOf) return;
  inboxOf = username;
  const last = recall<InboxItem[]>('inbox', username);
  inbox.set({ items: last?.value ?? [], alerting: null, syncedAtMs: last?.atMs ?? null });
}
recallInbox();
workerSession.subscribe(recallInbox);
/** For grid leaders: who in their grid has not confirmed a broadcast past its deadline. */
/** Tasks given to this worker while the app is open: the task list reads itself again on each. */
export const taskNews = createStore<{ received: number; latest: TaskItem | null }>({ received: 0, latest: null });
export const gridStragglers = createStore<{ lists: GridStragglers[] }>({ lists: [] });
export function workerLocate(lng: number, lat: number) {
  const socket = current();
  if (!socket) return Promise.reject(new Error('not connected'));
  return locateOver(socket)(lng, lat);
}

let onReconnect: (() => void) | null = null;
/** Called on every (re)connect, after the inbox is asked for: the outbox goes out, duty is told again. */
export function whenConnected(listener: () => void): void {
  onReconnect = listener;
}

/** Sound and vibration where the browser allows; silently nothing where it does not. */
function alertPerson(broadcast: WorkerBroadcast): void {
  navigator.vibrate?.(broadcast.priority === 'flash' ? [400, 200, 400, 200, 400] : [300]);
  try {
    const audio = new AudioContext();
    const tone = audio.createOscillator();
    tone.frequency.value = broadcast.priority === 'flash' ? 1200 : 880;
    tone.connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.6);
  } catch {
    // No audio before the person has touched the page: vibration and the screen must do.
  }
}

function upsert(item: InboxItem): void {
  const items = [item, ...inbox.get().items.filter((i) => i.id !== item.id)].sort((a, b) => b.sentAtMs - a.sentAtMs);
  inbox.set({ items });
  remember('inbox', workerSession.get().username, items.slice(0, INBOX_KEPT));
}

const pendingConfirmations = new PendingConfirmations(globalThis.localStorage, () => workerSession.get().username);

/** The person confirms: shown at once, kept until the server's inbox shows it, sent now if connected (else on connecting). */
export function confirmBroadcast(id: string): void {
  pendingConfirmations.add(id);
  const item = inbox.get().items.find((i) => i.id === id);
  if (item) upsert({ ...item, delivered: true, confirmed: true });
  if (inbox.get().alerting?.id === id) inbox.set({ alerting: null });
  current()?.emit('broadcast:confirm', id);
}

export function dismissAlert(): void {
  inbox.set({ alerting: null });
}

const { link, current } = socketWhileSignedIn<WorkerServerToClient, WorkerClientToServer>('worker', workerAuth, (s) => {
  s.on('connect', () => {
    s.emit('broadcast:inbox', (ack) => {
      if (!ack.ok) return;
      const { items, resend } = pendingConfirmations.reconcile(ack.items);
      inbox.set({ items, syncedAtMs: Date.now() });
      remember('inbox', workerSession.get().username, items.slice(0, INBOX_KEPT));
      for (const id of resend) s.emit('broadcast:confirm', id);
    });
    onReconnect?.();
  });
  s.on('broadcast:new', (broadcast) => {
    const known = inbox.get().items.find((i) => i.id === broadcast.id);
    // Unanswered: one message less per phone in a city-wide broadcast; the resend round repeats it until counted.
    s.emit('broadcast:delivered', broadcast.id);
    if (known?.delivered) return;
    const item: InboxItem = { ...broadcast, cancelled: false, delivered: true, confirmed: false };
    upsert(item);
    inbox.set({ alerting: item });
    alertPerson(broadcast);
  });
  s.on('broadcast:updated', (broadcast) => {
    const known = inbox.get().items.find((i) => i.id === broadcast.id);
    const item: InboxItem = { ...broadcast, cancelled: false, delivered: true, confirmed: known?.confirmed ?? false };
    upsert(item);
    inbox.set({ alerting: item });
    alertPerson(broadcast);
  });
  s.on('task:assigned', (item) => taskNews.set({ received: taskNews.get().received + 1, latest: item }));
  s.on('broadcast:stragglers', (list) => gridStragglers.set({ lists: [list, ...gridStragglers.get().lists.filter((l) => l.id !== list.id)] }));
  s.on('broadcast:cancelled', ({ id, cancelledBy }) => {
    const item = inbox.get().items.find((i) => i.id === id);
    if (item) upsert({ ...item, cancelled: true, ...(cancelledBy ? { cancelledBy } : {}) });
    if (inbox.get().alerting?.id === id) inbox.set({ alerting: null });
  });
});
export const workerLink = link;
/** The worker's socket while signed in (null between connections). */
export const workerSocket = current;
