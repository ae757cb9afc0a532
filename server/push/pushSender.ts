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
/** A VAPID token's lifetime, s (push services take at most 24 h), and how long before its end a new one is made, ms. */
const VAPID_LIFETIME_S = 12 * 3600;
const VAPID_RENEW_BEFORE_MS = 3_600_000;

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
  /** The VAPID Authorization per push service (origin): signing one per message would cost as much as encrypting it. */
  private readonly vapid = new Map<string, { authorization: string; renewAtMs: number }>();

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

  /** `vapid t=<JWT for the push service's origin>, k=<public key>`, made once per service and lifetime. */
  private authorization(endpoint: string): string {
    const audience = new URL(endpoint).origin;
    const nowMs = Date.now();
    const cached = this.vapid.get(audience);
    if (cached && nowMs < cached.renewAtMs) return cached.authorization;
    const expiresAtS = Math.floor(nowMs / 1000) + VAPID_LIFETIME_S;
    const { Authorization } = webpush.getVapidHeaders(audience, this.subject, this.keys.publicKey, this.keys.privateKey, 'aes128gcm', expiresAtS);
    this.vapid.set(audience, { authorization: Authorization, renewAtMs: expiresAtS * 1000 - VAPID_RENEW_BEFORE_MS });
    return Authorization;
  }

  async send(subscription: StoredPushSubscription, message: PushMessage): Promise<PushOutcome> {
    const problem = this.endpointProblem(subscription.endpoint);
    if (problem) return { kind: 'failed', detail: problem };
    const request = webpush.generateRequestDetails({ endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } }, message.payload, {
      headers: { Authorization: this.authorization(subscription.endpoint) },
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
