import { z } from 'zod';
import type { BroadcastPriority } from './broadcasts.ts';

/** base64url, as browsers give a subscription's keys: a P-256 public key is 87 characters, an auth secret 22. */
const Base64Url = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .regex(/^[A-Za-z0-9_-]+={0,2}$/, 'must be base64url');

/** `POST /api/push/subscriptions`: what `PushSubscription.toJSON()` gives in the phone's browser. */
export const PushSubscriptionRequest = z.object({
  endpoint: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000, 'must be at most 2000 characters'),
  keys: z.object({ p256dh: Base64Url(200).min(80, 'must be a P-256 public key'), auth: Base64Url(64).min(16, 'must be an auth secret') }),
});
export type PushSubscriptionRequest = z.infer<typeof PushSubscriptionRequest>;

/** What a push message carries to the phone's service worker (encrypted end to end: the push service reads none of it). */
export interface BroadcastPushPayload {
  type: 'broadcast';
  id: string;
  title: string;
  /** The body's first characters: a push message holds at most 4 KB. */
  body: string;
  priority: BroadcastPriority;
  exercise: boolean;
}
