import { ExpirationPlugin } from 'workbox-expiration';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';
import type { BroadcastPushPayload } from '../../common/domain/push.ts';
import type { OutboxSyncTag, PageMessage, WorkerMessage } from './serviceWorkerMessages.ts';

/**
 * The field app's service worker (served as /worker/sw.js, scope /worker): the app shell and its
 * assets precached so the app opens with no signal; a new release's files are fetched in the
 * background and take over on the next open, the old ones then deleted. What the worker had (the
 * outbox in IndexedDB, the inbox and tasks the page remembers) is never touched.
 */

/** The parts of the service-worker scope used here (the project compiles against DOM, not WebWorker, types). */
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface WindowClient {
  url: string;
  focused: boolean;
  visibilityState: DocumentVisibilityState;
  postMessage(message: WorkerMessage, transfer: Transferable[]): void;
  focus(): Promise<WindowClient>;
}
interface PushEvent extends ExtendableEvent {
  data: { json(): unknown } | null;
}
interface NotificationEvent extends ExtendableEvent {
  notification: Notification;
}
interface ServiceWorkerScope {
  /** The build's precache list, written in place of this property's name by the build (client/pwa/precacheManifest.ts). */
  __WB_MANIFEST: { url: string; revision: string | null }[];
  skipWaiting(): Promise<void>;
  clients: {
    claim(): Promise<void>;
    matchAll(options: { type: 'window'; includeUncontrolled?: boolean }): Promise<readonly WindowClient[]>;
    openWindow(url: string): Promise<WindowClient | null>;
  };
  registration: { showNotification(title: string, options: NotificationOptions & { renotify?: boolean; requireInteraction?: boolean }): Promise<void> };
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'sync', listener: (event: ExtendableEvent & { tag: string }) => void): void;
  addEventListener(type: 'push', listener: (event: PushEvent) => void): void;
  addEventListener(type: 'notificationclick', listener: (event: NotificationEvent) => void): void;
}
const scope = self as unknown as ServiceWorkerScope;

const OUTBOX_SYNC_TAG: OutboxSyncTag = 'outbox';
/** How long a page may take to send its outbox when Background Sync asks, ms. */
const FLUSH_ANSWER_MS = 60_000;
/** Font subsets kept (Noto Sans SC comes as ≈ 100 unicode-range files, fetched as characters appear). */
const MAX_FONT_FILES = 200;
/** Scripts the page loads later (the pin map's MapLibre), kept once used. */
const MAX_LATER_ASSETS = 40;

// Spelt out on `self`: the build finds this exact text and writes the list in its place.
precacheAndRoute((self as unknown as ServiceWorkerScope).__WB_MANIFEST);
cleanupOutdatedCaches();
// Opening /worker or /worker/ (?lang=en too) without signal: the shell from the precache (the server's page is the same file).
registerRoute(new NavigationRoute(createHandlerBoundToURL('/worker/index.html'), { allowlist: [/^\/worker\/?(\?.*)?$/] }));
registerRoute(
  ({ request, url }) => request.destination === 'font' && url.origin === location.origin,
  new CacheFirst({ cacheName: 'worker-fonts', plugins: [new ExpirationPlugin({ maxEntries: MAX_FONT_FILES })] }),
);
// Hashed assets never change under their name: whatever the page loads later is kept as it is.
registerRoute(
  ({ url }) => url.origin === location.origin && url.pathname.startsWith('/assets/'),
  new CacheFirst({ cacheName: 'worker-assets', plugins: [new ExpirationPlugin({ maxEntries: MAX_LATER_ASSETS })] }),
);

// A new release takes over at once; the page reloads itself when the worker is not looking (serviceWorkerClient.ts).
scope.addEventListener('install', () => void scope.skipWaiting());
scope.addEventListener('activate', (event) => event.waitUntil(scope.clients.claim()));

/**
 * Background Sync: signal is back. The reports wait in the page's IndexedDB and go out with the
 * worker's credentials, which live with the page: an open page (even hidden, the screen off) is
 * asked to send them now; a sync that leaves reports waiting fails, so the browser tries again.
 * With no page open, they go when the app is next opened.
 */
scope.addEventListener('sync', (event) => {
  if (event.tag === OUTBOX_SYNC_TAG) event.waitUntil(askPagesToFlush());
});

async function askPagesToFlush(): Promise<void> {
  const pages = await scope.clients.matchAll({ type: 'window' });
  const answers = await Promise.all(pages.map(askToFlush));
  if (answers.some((waiting) => waiting > 0)) throw new Error('reports still waiting');
}

function askToFlush(page: WindowClient): Promise<number> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(1), FLUSH_ANSWER_MS);
    channel.port1.onmessage = (message: MessageEvent<PageMessage>) => {
      clearTimeout(timer);
      resolve(message.data.waiting);
    };
    page.postMessage({ type: 'outbox:flush' }, [channel.port2]);
  });
}

/**
 * Web Push: a broadcast this phone had not received (its app closed, the phone in a pocket). The
 * notification says what it is; tapping it opens the app on it, and the app, connecting, sends
 * its receipt as ever — the push itself proves nothing. With the app open and in sight the socket
 * brings it: no notification over the app.
 */
scope.addEventListener('push', (event) => {
  const payload = event.data?.json() as BroadcastPushPayload | undefined;
  if (payload?.type === 'broadcast') event.waitUntil(notify(payload));
});

async function notify(broadcast: BroadcastPushPayload): Promise<void> {
  const pages = await scope.clients.matchAll({ type: 'window', includeUncontrolled: true });
  if (pages.some((page) => page.focused && page.visibilityState === 'visible')) return;
  await scope.registration.showNotification(broadcast.exercise ? `【演练】${broadcast.title}` : broadcast.title, {
    body: broadcast.body,
    tag: broadcast.id,
    data: { id: broadcast.id },
    lang: 'zh-CN',
    icon: '/worker/icon-192.png',
    renotify: true,
    // A flash broadcast stays on the screen until the person acts on it.
    requireInteraction: broadcast.priority === 'flash',
  });
}

scope.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const id = (event.notification.data as { id?: string } | null)?.id ?? '';
  event.waitUntil(openOn(id));
});

/** Brings the app forward (one already open, else a new one) on the broadcast. */
async function openOn(id: string): Promise<void> {
  const pages = await scope.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const open = pages.find((page) => new URL(page.url).pathname.startsWith('/worker'));
  if (open) await open.focus();
  else await scope.clients.openWindow(`/worker#broadcast=${encodeURIComponent(id)}`);
}
