import { workerAuth } from '../realtime/workerFeed.ts';
import { authJson } from '../shared/authFetch.ts';

/** Whether this browser can take Web Push for the installed app (a built app, a service worker, the Push API). */
export const pushSupported = (): boolean => import.meta.env.PROD && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;

const bytesOf = (base64url: string) => Uint8Array.from(atob(base64url.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
const sameKey = (a: ArrayBuffer | null, b: Uint8Array) => a !== null && a.byteLength === b.byteLength && new Uint8Array(a).every((x, i) => x === b[i]);

/**
 * Keeps this phone subscribed for the signed-in worker: subscribes with the deployment's key (again
 * if the subscription was made with another), and tells the server, which keeps it per worker and
 * phone. Called after sign-in whenever notifications are allowed: the server moves a phone's
 * subscription to whoever signed in on it last.
 */
export async function keepPushSubscription(): Promise<void> {
  const { publicKey } = await authJson<{ publicKey: string }>(workerAuth, 'GET', '/api/push/vapid-public-key');
  const key = bytesOf(publicKey);
  const registration = await navigator.serviceWorker.ready;
  let subscription = await registration.pushManager.getSubscription();
  if (subscription && !sameKey(subscription.options.applicationServerKey, key)) {
    await subscription.unsubscribe();
    subscription = null;
  }
  subscription ??= await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
  await authJson(workerAuth, 'POST', '/api/push/subscriptions', subscription.toJSON());
}

/** The worker allows notifications (asked on their tap, never unprompted); then the phone subscribes. */
export async function enableNotifications(): Promise<NotificationPermission> {
  const permission = await Notification.requestPermission();
  if (permission === 'granted') await keepPushSubscription();
  return permission;
}
