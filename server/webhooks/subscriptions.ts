import { randomBytes } from 'node:crypto';
import { WEBHOOKS_PER_ACCOUNT_MAX, type WebhookCommand } from '../../common/domain/webhooks.ts';
import type { WebhookRecord, WebhookStore } from './webhookStore.ts';
import { targetProblem } from '../net/outboundTargets.ts';

export type SubscribeResult = { ok: true; webhook: WebhookRecord } | { ok: false; code: 400 | 409; field?: string; error: string };

/**
 * A subscription made for an integration account, checked as the API and the accounts CLI both
 * check it: the target on an allowed host, the area a unit of the city, at most
 * WEBHOOKS_PER_ACCOUNT_MAX each. A secret is made when none is given; the subscription hears of
 * the changes after the newest one now.
 */
export async function subscribe(
  store: WebhookStore,
  where: { allowedHosts: ReadonlySet<string>; isUnit: (code: string) => boolean },
  owner: string,
  { url, events, area, secret }: WebhookCommand,
  nowMs: number,
): Promise<SubscribeResult> {
  const problem = targetProblem(url, where.allowedHosts, 'WEBHOOK_ALLOWED_HOSTS');
  if (problem) return { ok: false, code: 400, field: 'url', error: `url: ${problem}` };
  if (area !== undefined && !where.isUnit(area)) return { ok: false, code: 400, field: 'area', error: `area: the city has no unit ${area}` };
  if ((await store.ofOwner(owner)).length >= WEBHOOKS_PER_ACCOUNT_MAX) return { ok: false, code: 409, error: `at most ${WEBHOOKS_PER_ACCOUNT_MAX} webhooks per account: delete one first` };
  const webhook: WebhookRecord = {
    id: `wh_${randomBytes(12).toString('base64url')}`,
    owner,
    url,
    events,
    area: area ?? null,
    secret: secret ?? randomBytes(32).toString('base64url'),
    fromSeq: await store.newestChange(),
    createdAtMs: nowMs,
  };
  await store.add(webhook);
  return { ok: true, webhook };
}
