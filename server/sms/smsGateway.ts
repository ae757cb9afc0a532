import type { Logger } from '../logger.ts';

/** One text message to one number. */
export interface SmsMessage {
  to: string;
  text: string;
}

/** What a gateway said: sent (it took the message), or failed — with how long it asked us to wait, when it said (429). */
export type SmsOutcome = { kind: 'sent' } | { kind: 'failed'; detail: string; retryAfterMs?: number };

/**
 * An SMS gateway behind one interface: the generic HTTP one, the demo's log, and room for a
 * vendor's (Aliyun, Tencent Cloud: their signed APIs) — chosen once, in `smsGatewayOf`.
 */
export interface SmsGateway {
  readonly name: string;
  send(message: SmsMessage): Promise<SmsOutcome>;
}

/** How long the gateway may take to answer, ms. */
const SEND_TIMEOUT_MS = 10_000;

/** Posts `{ to, text }` as JSON to the gateway's URL with `Authorization: Bearer <key>`; any 2xx is sent. */
export class HttpJsonGateway implements SmsGateway {
  readonly name = 'http';

  constructor(
    private readonly url: string,
    private readonly key: string | null,
  ) {}

  async send(message: SmsMessage): Promise<SmsOutcome> {
    try {
      const res = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(this.key ? { authorization: `Bearer ${this.key}` } : {}) },
        body: JSON.stringify(message),
        redirect: 'error',
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      });
      await res.body?.cancel();
      if (res.ok) return { kind: 'sent' };
      const retryAfterS = Number(res.headers.get('retry-after'));
      return { kind: 'failed', detail: `HTTP ${res.status}`, ...(res.status === 429 && retryAfterS > 0 ? { retryAfterMs: retryAfterS * 1000 } : {}) };
    } catch (error) {
      return { kind: 'failed', detail: (error as Error).message.slice(0, 200) };
    }
  }
}

/** The demo's gateway: each message is written to the log, none is sent. */
export class LogOnlyGateway implements SmsGateway {
  readonly name = 'log';

  constructor(private readonly logger: Logger) {}

  async send(message: SmsMessage): Promise<SmsOutcome> {
    // At debug: a city-wide broadcast in the demo texts tens of thousands of made-up numbers.
    this.logger.debug({ to: message.to, text: message.text }, 'SMS (log only: SMS_GATEWAY_URL is not set)');
    return { kind: 'sent' };
  }
}

/** The deployment's gateway: SMS_GATEWAY_URL's, or the log when none is set. */
export function smsGatewayOf(gateway: { url: string; key: string | null } | null, logger: Logger): SmsGateway {
  return gateway ? new HttpJsonGateway(gateway.url, gateway.key) : new LogOnlyGateway(logger);
}
