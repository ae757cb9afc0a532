import webpush from 'web-push';
import { targetProblem } from '../net/outboundTargets.ts';
import type { StoredPushSubscription } from './pushStore.ts';
import type { PushStore } from './pushStore.ts';

/** The deployment's VAPID key pair (base64url), made on first start and kept in the store. */
export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

/** The deployment's VAPID keys: made by the first node to ask, read by every other from then on. */
export async function loadVapidKeys(store: PushStore, nowMs: number): Promise<VapidKeys> {
  return JSON.parse(await store.deploymentKey('vapid', () => JSON.stringify(webpush.generateVAPIDKeys()), nowMs)) as VapidKeys;
}

/** How long one push service may take to answer, ms: one that hangs holds only its own slot. */
const ATTEMPT_TIMEOUT_MS = 10_000;

/** What a push service said: it took the message (not a delivery: only the phone's receipt is), the subscription is gone, or it failed. */
export type PushOutcome = { kind: 'accepted' } | { kind: 'gone'; status: number } | { kind: 'failed'; detail: string };

export interface PushMessage {
  payload: string;
  /** How long the push service keeps it for a phone that is off, seconds. */
  ttlS: number;
  urgency: 'normal' | 'high';
}

/**
 * Sends one Web Push message: encrypted for the phone (RFC 8291, aes128gcm) and signed with the
 * deployment's VAPID key by the `web-push` library, posted by this server's own client — only to
 * a host in PUSH_ENDPOINT_HOSTS, never following a redirect elsewhere.
 */
export class PushSender {
  constructor(
    private readonly keys: VapidKeys,
    private readonly subject: string,
    private readonly endpointHosts: ReadonlySet<string>,
  ) {}

  /** The key phones subscribe with (`applicationServerKey`), base64url. */
  get publicKey(): string {
    return this.keys.publicKey;
  }

  /** Why a subscription's endpoint may not be posted to, or null. */
  endpointProblem(endpoint: string): string | null {
    return targetProblem(endpoint, this.endpointHosts, 'PUSH_ENDPOINT_HOSTS');
  }

  async send(subscription: StoredPushSubscription, message: PushMessage): Promise<PushOutcome> {
    const problem = this.endpointProblem(subscription.endpoint);
    if (problem) return { kind: 'failed', detail: problem };
    const request = webpush.generateRequestDetails({ endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } }, message.payload, {
      vapidDetails: { subject: this.subject, publicKey: this.keys.publicKey, privateKey: this.keys.privateKey },
      TTL: message.ttlS,
      urgency: message.urgency,
      contentEncoding: 'aes128gcm',
    });
    try {
      const res = await fetch(request.endpoint, {
        method: request.method,
        headers: request.headers as Record<string, string>,
        body: new Uint8Array(request.body),
        redirect: 'error',
        signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
      });
      await res.body?.cancel();
      if (res.status === 404 || res.status === 410) return { kind: 'gone', status: res.status };
      return res.ok ? { kind: 'accepted' } : { kind: 'failed', detail: `HTTP ${res.status}` };
    } catch (error) {
      return { kind: 'failed', detail: (error as Error).message.slice(0, 200) };
    }
  }
}
