import type { OutboxSyncTag, PageMessage, WorkerMessage } from './serviceWorkerMessages.ts';

/** Where the built app's service worker is served, and what it controls: /worker and all under it. */
const WORKER_URL = '/worker/sw.js';
const WORKER_SCOPE = '/worker';
const OUTBOX_SYNC_TAG: OutboxSyncTag = 'outbox';

/**
 * Installs the field app's service worker (a built app only: `npm run dev` has none), and answers
 * it: when Background Sync says signal is back, `flush` sends the outbox and tells how many reports
 * still wait. A new release takes over in the background; the page reloads into it the next time
 * the worker leaves it (another app, the screen off), never under their fingers.
 */
export function registerServiceWorker(flush: () => Promise<number>): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const updating = navigator.serviceWorker.controller !== null;
  navigator.serviceWorker.register(WORKER_URL, { scope: WORKER_SCOPE }).catch((error: unknown) => console.warn('service worker not installed', error));
  navigator.serviceWorker.addEventListener('message', (event: MessageEvent<WorkerMessage>) => {
    if (event.data?.type !== 'outbox:flush') return;
    void flush().then(
      (waiting) => event.ports[0]?.postMessage({ waiting } satisfies PageMessage),
      () => event.ports[0]?.postMessage({ waiting: 1 } satisfies PageMessage),
    );
  });
  // The first install takes a page that already runs this release; only a later one needs the reload.
  if (updating) navigator.serviceWorker.addEventListener('controllerchange', reloadWhenHidden);
}

function reloadWhenHidden(): void {
  if (document.visibilityState === 'hidden') return location.reload();
  document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && location.reload());
}

/** Reports wait for signal: ask the browser to wake the app when it is back (Background Sync, where the browser has it). */
export async function requestOutboxSync(): Promise<void> {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  try {
    const registration = (await navigator.serviceWorker.ready) as ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } };
    await registration.sync?.register(OUTBOX_SYNC_TAG);
  } catch {
    // No Background Sync (Safari, Firefox) or not allowed: the page sends on going online and on open.
  }
}
