/** The simulator's door into the city: the public REST interface, with a login token. */
export class CityClient {
  private token = '';

  constructor(
    readonly baseUrl: string,
    private readonly credentials: { username: string; password: string },
  ) {}

  async login(): Promise<void> {
    const res = await fetch(`${this.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(this.credentials) });
    if (!res.ok) throw new Error(`login as ${this.credentials.username} failed: ${res.status} ${await res.text()}`);
    this.token = ((await res.json()) as { token: string }).token;
  }

  async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  }
}
