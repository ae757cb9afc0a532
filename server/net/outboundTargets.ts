/**
 * Where the server may call out to: only hosts the deployment lists — webhooks in
 * `WEBHOOK_ALLOWED_HOSTS`, Web Push in `PUSH_ENDPOINT_HOSTS` — as names or IP literals (any port),
 * or as `.suffix` for every host under a domain. A city's hotline sits on its private network, so
 * private addresses are not banned wholesale, but nothing unlisted is ever called. https, except a
 * listed loopback host, which may use http (a receiver on the same machine, tests).
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

/** Whether a host is listed, by name or under a listed `.suffix`. */
function listed(host: string, allowedHosts: ReadonlySet<string>): boolean {
  if (allowedHosts.has(host)) return true;
  for (let dot = host.indexOf('.'); dot >= 0; dot = host.indexOf('.', dot + 1)) if (allowedHosts.has(host.slice(dot))) return true;
  return false;
}

/** Why a URL may not be called, or null when it may; `setting` names the list it must be on. */
export function targetProblem(url: string, allowedHosts: ReadonlySet<string>, setting: 'WEBHOOK_ALLOWED_HOSTS' | 'PUSH_ENDPOINT_HOSTS'): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a URL';
  }
  if (parsed.username || parsed.password) return 'must not carry a user name or password';
  const host = parsed.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (!listed(host, allowedHosts))
    return `host ${host} is not among ${setting} (${allowedHosts.size ? [...allowedHosts].join(', ') : 'none set: nothing may be sent until the deployment lists its receivers'})`;
  if (parsed.protocol === 'https:') return null;
  if (parsed.protocol === 'http:' && isLoopback(host)) return null;
  return 'must be https (http only to a listed loopback host)';
}
