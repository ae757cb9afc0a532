import type { SignInResult } from '../common/domain/auth.ts';

/** Refresh this long before the access token expires, ms. */
const REFRESH_AHEAD_MS = 60_000;

/**
 * The simulator's door into the city: the public REST interface, signed in as a hotline system
 * would be. Access tokens are short-lived: the client refreshes before expiry (or on a 401), and
 * signs in again should the refresh token be refused, so a simulated day can run for hours.
 */
export class CityClient {
  private session: SignInResult | null = null;
  private renewing: Promise<void> | null = null;

  constructor(
    readonly baseUrl: string,
    private readonly credentials: { username: string; password: string },
  ) {}

  private async signIn(path: '/api/auth/login' | '/api/auth/refresh', body: unknown): Promise<Response> {
    const res = await fetch(`${this.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (res.ok) this.session = (await res.json()) as SignInResult;
    return res;
  }

  async login(): Promise<void> {
    const res = await this.signIn('/api/auth/login', this.credentials);
    if (!res.ok) throw new Error(`login as ${this.credentials.username} failed: ${res.status} ${await res.text()}`);
  }

  /** A fresh access token: refreshed when near expiry, one renewal at a time. */
  private renew(): Promise<void> {
    this.renewing ??= (async () => {
      const refreshed = this.session ? await this.signIn('/api/auth/refresh', { refreshToken: this.session.refreshToken }) : null;
      if (!refreshed?.ok) await this.login();
    })().finally(() => (this.renewing = null));
    return this.renewing;
  }

  async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: T }> {
    if (!this.session || this.session.expiresAtMs - Date.now() < REFRESH_AHEAD_MS) await this.renew();
    const send = () =>
      fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.session!.token}` },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    let res = await send();
    if (res.status === 401) {
      await res.arrayBuffer();
      await this.renew();
      res = await send();
    }
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  }
}
