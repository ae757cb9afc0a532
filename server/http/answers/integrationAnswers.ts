import { z } from 'zod';
import { CATEGORY_CODES } from '../../../common/domain/categories.ts';
import { DELIVERY_STATES, WEBHOOK_TOPICS, type Webhook, type WebhookDelivery } from '../../../common/domain/webhooks.ts';
import { AUDIT_ACTIONS, type AuditEntry } from '../../audit/auditLog.ts';
import { ErrorAnswer } from '../apiOperation.ts';
import { sameShape } from './sameShape.ts';

/** A subscription as its owner reads it: `area` the one unit whose events it hears (null: all), made at epoch ms. */
export const WebhookAnswer = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_TOPICS)),
  area: z.string().nullable(),
  createdAtMs: z.number(),
});
sameShape<z.output<typeof WebhookAnswer>, Webhook>(true);

/** `POST /api/webhooks` 201: the subscription and its signing secret, shown only now. */
export const WebhookCreatedAnswer = WebhookAnswer.extend({ secret: z.string() });

/** `GET /api/webhooks`: the caller's subscriptions. */
export const WebhookListAnswer = z.object({ webhooks: z.array(WebhookAnswer) });

/** One delivery: its attempts, the last HTTP status and error, times in epoch ms (null: not due, not done). */
export const WebhookDeliveryAnswer = z.object({
  id: z.string(),
  topic: z.enum(WEBHOOK_TOPICS),
  eventId: z.string(),
  state: z.enum(DELIVERY_STATES),
  attempts: z.number().int(),
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAtMs: z.number(),
  nextAttemptAtMs: z.number().nullable(),
  doneAtMs: z.number().nullable(),
});
sameShape<z.output<typeof WebhookDeliveryAnswer>, WebhookDelivery>(true);

/** `GET /api/webhooks/:id/deliveries`: newest first. */
export const DeliveryListAnswer = z.object({ deliveries: z.array(WebhookDeliveryAnswer) });

/** `POST /api/webhooks/:id/deliveries/:deliveryId/resend`: pending again. */
export const DeliveryResentAnswer = z.object({ id: z.string(), state: z.literal('pending') });

/** `POST /api/warnings`: the stored alert's id, and the draft broadcast made from it (null: none, e.g. a Cancel). */
export const WarningReceivedAnswer = z.object({ id: z.string(), draftBroadcastId: z.string().nullable() });

/** One line of the audit log: who did what to what, when (epoch ms), from which address. */
export const AuditEntryAnswer = z.object({
  id: z.number().int(),
  atMs: z.number(),
  actor: z.string(),
  action: z.enum(AUDIT_ACTIONS),
  target: z.string().nullable(),
  address: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});
sameShape<z.output<typeof AuditEntryAnswer>, AuditEntry>(true);

/** `GET /api/audit`: newest first. */
export const AuditAnswer = z.object({ entries: z.array(AuditEntryAnswer) });

/** Open311's refusals (every 4xx of its routes but a 429): `[{ code, description }]`, `code` the HTTP status. */
export const Open311ErrorAnswer = z.array(z.object({ code: z.number().int(), description: z.string() }));

/**
 * The refusals of the Open311 routes, in its format; a 400 may also come from the door before
 * the route (text no store can keep, malformed JSON), as the common refusal.
 */
export const OPEN311_REFUSALS = {
  400: z.union([Open311ErrorAnswer, ErrorAnswer]),
  401: Open311ErrorAnswer,
  403: Open311ErrorAnswer,
  404: Open311ErrorAnswer,
  409: Open311ErrorAnswer,
};

/** `GET /open311/v2/services.json`: one service per category. */
export const Open311ServicesAnswer = z.array(
  z.object({
    service_code: z.enum(CATEGORY_CODES),
    service_name: z.string(),
    description: z.string(),
    metadata: z.boolean(),
    type: z.literal('realtime'),
    keywords: z.string(),
    /** The departments that handle it. */
    group: z.string(),
  }),
);

/** `POST /open311/v2/requests.json` 201: the request's id, and a notice when it is a duplicate. */
export const Open311CreatedAnswer = z.array(z.object({ service_request_id: z.string(), service_notice: z.string(), account_id: z.null() }));

/** A service request as Open311 shows it: times as ISO 8601, WGS-84 degrees; contacts redacted for those who may not read them. */
export const Open311RequestAnswer = z.object({
  service_request_id: z.string(),
  status: z.enum(['open', 'closed']),
  status_notes: z.string(),
  service_name: z.string(),
  service_code: z.enum(CATEGORY_CODES),
  description: z.string(),
  agency_responsible: z.string(),
  service_notice: z.string(),
  requested_datetime: z.iso.datetime(),
  updated_datetime: z.iso.datetime(),
  /** Null until dispatched. */
  expected_datetime: z.iso.datetime().nullable(),
  address: z.string(),
  lat: z.number(),
  long: z.number(),
  media_url: z.string(),
});

/** `GET /open311/v2/requests.json` and `/requests/:id.json`: service requests, newest first. */
export const Open311RequestsAnswer = z.array(Open311RequestAnswer);
