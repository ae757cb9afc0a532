/**
 * Where webhooks may be sent: only hosts the deployment lists in `WEBHOOK_ALLOWED_HOSTS` (names or
 * IP literals, any port) — a city's hotline sits on its private network, so private addresses are
 * not banned wholesale, but nothing unlisted is ever called. https, except a listed loopback host,
 * which may use http (a receiver on the same machine, tests).
 */
export function readAllowedHosts(setting: string | undefined): ReadonlySet<string> {
  return new Set(
    (setting ?? '')
      .split(',')
      .map((host) =>
        host
          .trim()
          .toLowerCase()
          .replace(/^\[|\]$/g, ''),
      )
      .filter(Boolean),
  );
}

const isLoopback = (host: string) => host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);

/** Why a URL may not be a webhook's target, or null when it may. */
export function targetProblem(url: string, allowedHosts: ReadonlySet<string>): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a URL';
  }
  if (parsed.username || parsed.password) return 'must not carry a user name or password (the signature authenticates the sender)';
  const host = parsed.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (!allowedHosts.has(host))
    return `host ${host} is not among WEBHOOK_ALLOWED_HOSTS (${allowedHosts.size ? [...allowedHosts].join(', ') : 'none set: no webhook may be sent until the deployment lists its receivers'})`;
  if (parsed.protocol === 'https:') return null;
  if (parsed.protocol === 'http:' && isLoopback(host)) return null;
  return 'must be https (http only to a listed loopback host)';
}
