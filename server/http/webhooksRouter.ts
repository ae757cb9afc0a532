import { type Request, type Response, Router } from 'express';
import { DeliveryListQuery, type Webhook, WebhookCommand } from '../../common/domain/webhooks.ts';
import type { AuditLog } from '../audit/auditLog.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import { requireRole } from '../auth/authMiddleware.ts';
import type { WebhookRecord, WebhookStore } from '../webhooks/webhookStore.ts';
import { subscribe } from '../webhooks/subscriptions.ts';
import { addressOf } from './authRouter.ts';
import { badRequest } from './errors.ts';

const ID = /^wh_[A-Za-z0-9_-]{16}$/;
const DELIVERY_ID = /^dl_[A-Za-z0-9_-]{16}$/;

const shown = (w: WebhookRecord): Webhook => ({ id: w.id, url: w.url, events: w.events, area: w.area, createdAtMs: w.createdAtMs });

/**
 * `/api/webhooks` (integrations, each its own): subscribe a URL to topics — `POST { url, events,
 * area?, secret? }` → 201 `{ id, secret, … }` (a secret is made when none is given, and shown only
 * now) — list, read and delete subscriptions, read a subscription's deliveries, and send a failed
 * one again. Targets only on hosts the deployment allows (WEBHOOK_ALLOWED_HOSTS).
 */
export function webhooksRouter(store: WebhookStore, allowedHosts: ReadonlySet<string>, isUnit: (code: string) => boolean, auth: Authenticator, audit: AuditLog, clock: () => number): Router {
  const router = Router();
  const integration = requireRole(auth, 'integration');
  /** The caller's own subscription, or a 404 answered. */
  const own = async (req: Request, res: Response): Promise<WebhookRecord | null> => {
    const id = String(req.params.id);
    const hook = ID.test(id) ? await store.get(id) : null;
    if (!hook || hook.owner !== req.principal!.username) {
      res.status(404).json({ error: `no webhook ${id} of yours` });
      return null;
    }
    return hook;
  };
  const record = (req: Request, action: 'webhook.added' | 'webhook.deleted' | 'webhook.resent', target: string, detail: Record<string, unknown> | null = null) =>
    audit.record({ actor: req.principal!.username, action, target, address: addressOf(req), detail });

  router.post('/', integration, async (req, res) => {
    const command = WebhookCommand.safeParse(req.body);
    if (!command.success) return badRequest(res, command.error);
    const made = await subscribe(store, { allowedHosts, isUnit }, req.principal!.username, command.data, clock());
    if (!made.ok) return void res.status(made.code).json({ error: made.error, ...(made.field ? { fields: [made.field] } : {}) });
    const hook = made.webhook;
    await record(req, 'webhook.added', hook.id, { url: hook.url, events: hook.events, area: hook.area });
    res.status(201).json({ ...shown(hook), secret: hook.secret });
  });

  router.get('/', integration, async (req, res) => {
    res.json({ webhooks: (await store.ofOwner(req.principal!.username)).map(shown) });
  });

  router.get('/:id', integration, async (req, res) => {
    const hook = await own(req, res);
    if (hook) res.json(shown(hook));
  });

  router.delete('/:id', integration, async (req, res) => {
    const hook = await own(req, res);
    if (!hook) return;
    await store.remove(hook.id, clock());
    await record(req, 'webhook.deleted', hook.id);
    res.status(204).end();
  });

  router.get('/:id/deliveries', integration, async (req, res) => {
    const query = DeliveryListQuery.safeParse(req.query);
    if (!query.success) return badRequest(res, query.error);
    const hook = await own(req, res);
    if (hook) res.json({ deliveries: await store.deliveries(hook.id, query.data.state, query.data.limit) });
  });

  // A delivery failed for good, sent again: pending now, with another 24 h of retries.
  router.post('/:id/deliveries/:deliveryId/resend', integration, async (req, res) => {
    const hook = await own(req, res);
    if (!hook) return;
    const deliveryId = String(req.params.deliveryId);
    if (!DELIVERY_ID.test(deliveryId) || !(await store.resend(hook.id, deliveryId, clock()))) return void res.status(404).json({ error: `no failed delivery ${deliveryId} of webhook ${hook.id}` });
    await record(req, 'webhook.resent', deliveryId, { webhook: hook.id });
    res.json({ id: deliveryId, state: 'pending' });
  });

  return router;
}
