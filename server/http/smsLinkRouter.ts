import { type Request, type Response, Router } from 'express';
import type { BroadcastService } from '../broadcasts/broadcastService.ts';
import type { WorkerDirectory } from '../broadcasts/workerDirectory.ts';
import { type LinkPageState, linkPage } from '../sms/linkPage.ts';
import type { SmsStore } from '../sms/smsStore.ts';
import { addressOf } from './authRouter.ts';

/** A link code as the ladder makes them (letters, digits, `-`, `_`). */
const CODE = /^[A-Za-z0-9_-]{8,64}$/;
/** Requests to /c/ an address may make per window: enough for a person, far too few to guess a 96-bit code. */
const PER_ADDRESS = 30;
const WINDOW_MS = 60_000;

/**
 * `/c/<code>`, the SMS link, with no sign-in: `GET` shows the broadcast and records its delivery
 * (the SMS reached the person), `POST` (no body) confirms it — once: a used code changes nothing
 * and says so. Rate limited per address; a wrong code is a 404 and changes nothing.
 */
export function smsLinkRouter(store: SmsStore, broadcasts: BroadcastService, directory: WorkerDirectory, clock: () => number): Router {
  const router = Router();
  const counts = new Map<string, { windowStartMs: number; count: number }>();
  const limited = (req: Request, res: Response): boolean => {
    const nowMs = clock();
    if (counts.size > 10_000) for (const [address, c] of counts) if (nowMs - c.windowStartMs >= WINDOW_MS) counts.delete(address);
    const address = addressOf(req);
    const c = counts.get(address);
    if (!c || nowMs - c.windowStartMs >= WINDOW_MS) counts.set(address, { windowStartMs: nowMs, count: 1 });
    else if (++c.count > PER_ADDRESS) {
      res.set('Retry-After', String(Math.ceil((c.windowStartMs + WINDOW_MS - nowMs) / 1000)));
      page(res, 429, { kind: 'refused', reason: '请求过于频繁，请稍后再试 · Too many requests: try again in a minute' });
      return true;
    }
    return false;
  };
  /** The link's record, its worker and its broadcast; or the refusal answered. */
  const resolve = async (req: Request, res: Response) => {
    const code = String(req.params.code);
    const link = CODE.test(code) ? await store.link(code) : null;
    const index = link ? directory.indexOf(link.worker) : -1;
    const broadcast = link ? await broadcasts.get(link.broadcastId) : null;
    if (!link || index < 0 || !broadcast) {
      page(res, 404, { kind: 'refused', reason: '链接无效或已过期 · This link is not valid' });
      return null;
    }
    if (broadcast.state === 'cancelled') {
      page(res, 410, { kind: 'refused', reason: `此指令已撤回：${broadcast.content.title} · This broadcast was cancelled` });
      return null;
    }
    return { code, link, index, broadcast };
  };

  router.get('/c/:code', async (req, res) => {
    if (limited(req, res)) return;
    const found = await resolve(req, res);
    if (!found) return;
    const { code, link, index, broadcast } = found;
    // Opening the link is the SMS's proof of delivery, counted like the app's receipt (recorded
    // opened first: a receipt at or after the opening is the link's, one before it the app's).
    await store.opened(code, clock());
    await broadcasts.receipt(index, broadcast.id, 'delivered');
    page(res, 200, { kind: 'broadcast', code, title: broadcast.content.title, body: broadcast.content.body, sender: broadcast.sender, confirmed: link.confirmedAtMs !== null });
  });

  router.post('/c/:code', async (req, res) => {
    if (limited(req, res)) return;
    const found = await resolve(req, res);
    if (!found) return;
    const { code, link, index, broadcast } = found;
    if (link.confirmedAtMs !== null) return page(res, 409, { kind: 'refused', reason: '此链接已确认过 · Already confirmed with this link' });
    await store.opened(code, clock());
    const refused = await broadcasts.receipt(index, broadcast.id, 'confirmed');
    if (refused) return page(res, 409, { kind: 'refused', reason: refused });
    if (!(await store.confirmOnce(code, clock()))) return page(res, 409, { kind: 'refused', reason: '此链接已确认过 · Already confirmed with this link' });
    page(res, 200, { kind: 'confirmed', title: broadcast.content.title });
  });
  return router;
}

function page(res: Response, status: number, state: LinkPageState): void {
  res.status(status).set('Cache-Control', 'no-store').type('html').send(linkPage(state));
}
