import { randomBytes } from 'node:crypto';
import type { EventChangeType } from '../../common/domain/eventChanges.ts';
import type { Broadcast } from '../../common/domain/broadcasts.ts';
import type { CityEvent } from '../../common/domain/eventRecords.ts';
import type { WebhookTopic } from '../../common/domain/webhooks.ts';
import { eventShownTo } from '../auth/areaPolicy.ts';
import { jsonColumn } from '../store/rowMappers.ts';
import type { FeedRow, NewDelivery, WebhookRecord } from './webhookStore.ts';

type EventTopic = Extract<WebhookTopic, `event.${string}`>;

/** The topics a change is told under: a new event is created; any other change is a change, and 办结 closes it too. */
export function topicsOf(type: EventChangeType, event: CityEvent): EventTopic[] {
  if (type === 'created') return ['event.created'];
  return type === 'transitioned' && event.state === 'resolved' ? ['event.changed', 'event.closed'] : ['event.changed'];
}

/** Whether an event lies in a subscription's area (a unit of any level on its grid path), or the subscription has none. */
export const inArea = (area: string | null, event: CityEvent): boolean =>
  area === null || area === event.districtCode || area === event.streetCode || area === event.communityCode || area === event.gridCode;

/** Orders a change's deliveries after the change's place in the feed: created, changed, closed. */
const TOPIC_ORDER: Record<EventTopic, number> = { 'event.created': 0, 'event.changed': 1, 'event.closed': 2 };

export const deliveryId = () => `dl_${randomBytes(12).toString('base64url')}`;

/**
 * The deliveries a page of the change feed makes: for each change, each live subscription that
 * began before it, takes one of its topics and covers its event's place. The body is fixed now —
 * `{ id, type, atMs, event }`, the event as the subscriber's account may see it — so every attempt
 * sends the same bytes. Pure but for the ids.
 */
export function planDeliveries(changes: readonly FeedRow[], webhooks: readonly WebhookRecord[], newId: () => string = deliveryId): NewDelivery[] {
  const deliveries: NewDelivery[] = [];
  for (const change of changes) {
    const seq = Number(change.seq);
    const event = jsonColumn<CityEvent>(change.body);
    for (const topic of topicsOf(change.type as EventChangeType, event))
      for (const hook of webhooks) {
        if (seq <= hook.fromSeq || !hook.events.includes(topic) || !inArea(hook.area, event)) continue;
        const id = newId();
        const shown = eventShownTo(event, { username: hook.owner, role: 'integration', unit: null });
        deliveries.push({
          id,
          webhookId: hook.id,
          seq: seq * 4 + TOPIC_ORDER[topic],
          topic,
          eventId: change.event_id,
          body: JSON.stringify({ id, type: topic, atMs: Number(change.at_ms), event: shown }),
        });
      }
  }
  return deliveries;
}

/** A broadcast to tell of: sent (when it was stored), or completed (its confirmation window over, with the stored figures). */
export interface BroadcastNews {
  topic: 'broadcast.sent' | 'broadcast.completed';
  broadcast: Broadcast;
  atMs: number;
  progress?: { targeted: number; delivered: number; confirmed: number };
}

/**
 * The deliveries of broadcasts' news: `{ id, type, atMs, broadcast[, progress] }` to each live
 * subscription that took the topic before the broadcast was sent and whose area it reaches,
 * ordered after the broadcast's send time (sent before completed). `reaches` says whether a
 * broadcast's scope and a unit share a worker (the city's hierarchy, not its codes).
 */
export function planBroadcastDeliveries(
  news: readonly BroadcastNews[],
  webhooks: readonly WebhookRecord[],
  reaches: (area: string, scope: Broadcast['scope']) => boolean,
  newId: () => string = deliveryId,
): NewDelivery[] {
  const deliveries: NewDelivery[] = [];
  for (const { topic, broadcast, atMs, progress } of news)
    for (const hook of webhooks) {
      if (!hook.events.includes(topic) || hook.createdAtMs > broadcast.sentAtMs || (hook.area !== null && !reaches(hook.area, broadcast.scope))) continue;
      const id = newId();
      deliveries.push({
        id,
        webhookId: hook.id,
        seq: broadcast.sentAtMs * 2 + (topic === 'broadcast.completed' ? 1 : 0),
        topic,
        eventId: broadcast.id,
        body: JSON.stringify({ id, type: topic, atMs, broadcast, ...(progress ? { progress } : {}) }),
      });
    }
  return deliveries;
}
