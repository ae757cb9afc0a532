import type { PageSession } from './session.ts';

/**
 * REST with the page's access token; a 401 refreshes the token once and tries again, so an
 * expired token never shows as an error. The error message of a refusal, as the server worded it.
 */
export async function authFetch(auth: PageSession, path: string, init: RequestInit = {}): Promise<Response> {
  const send = async () => fetch(path, { ...init, headers: { ...(init.headers as Record<string, string> | undefined), authorization: `Bearer ${await auth.freshToken()}` } });
  const res = await send();
  if (res.status !== 401) return res;
  return (await auth.refresh()) ? send() : res;
}

export async function authJson<T>(auth: PageSession, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const res = await authFetch(auth, path, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = (await res.json()) as T & { error?: string };
  if (!res.ok) throw new Error(json.error ?? `HTTP ${res.status}`);
  return json;
}
