import { z } from 'zod';
import { UnitCode } from './geo.ts';
import { storableKey } from './text.ts';

/**
 * Webhooks: an integration (the 12345 hotline's system) subscribes a URL to topics and is told of
 * each, signed, at least once, in order per event — instead of polling.
 */
export const WEBHOOK_TOPICS = ['event.created', 'event.changed', 'event.closed', 'broadcast.sent', 'broadcast.completed'] as const;
export type WebhookTopic = (typeof WEBHOOK_TOPICS)[number];

/** Subscriptions one account may hold. */
export const WEBHOOKS_PER_ACCOUNT_MAX = 20;

/** `POST /api/webhooks`: where to, which topics, optionally only one unit's events, and the signing secret (made when not given). */
export const WebhookCommand = z.object({
  url: storableKey(2000).pipe(z.url({ error: 'must be an https URL' })),
  events: z
    .array(z.enum(WEBHOOK_TOPICS, { error: `must be one of ${WEBHOOK_TOPICS.join(', ')}` }))
    .min(1, 'at least one topic')
    .max(WEBHOOK_TOPICS.length)
    .refine((topics) => new Set(topics).size === topics.length, 'must not repeat a topic'),
  area: UnitCode.optional(),
  secret: storableKey(200).min(16, 'at least 16 characters').optional(),
});
export type WebhookCommand = z.infer<typeof WebhookCommand>;

/** A subscription as its owner reads it (the secret is shown once, when it is made). */
export interface Webhook {
  id: string;
  url: string;
  events: WebhookTopic[];
  area: string | null;
  createdAtMs: number;
}

export const DELIVERY_STATES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** One delivery as its subscription's owner reads it. */
export interface WebhookDelivery {
  id: string;
  topic: WebhookTopic;
  eventId: string;
  state: DeliveryState;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAtMs: number;
  nextAttemptAtMs: number | null;
  doneAtMs: number | null;
}

/** `GET /api/webhooks/:id/deliveries`: newest first, by state. */
export const DeliveryListQuery = z.object({
  state: z.enum(DELIVERY_STATES, { error: `must be one of ${DELIVERY_STATES.join(', ')}` }).optional(),
  limit: z.coerce.number().int('must be a whole number').min(1, 'at least 1').max(500, 'at most 500').default(100),
});
