import type { IncomingMessage } from 'node:http';
import helmet from 'helmet';

/** A Host header that is a plain name or address with an optional port: nothing a policy could be smuggled in. */
const PLAIN_HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*\.?|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

/**
 * Where the pages may connect: this origin only ('self'), its Socket.IO included. CSP3 browsers
 * (current Chromium, Firefox, Safari) count same-origin ws:/wss: under 'self'; for older phones'
 * WebViews the page's own host, as the browser named it (Host), is added as ws:// and wss:// —
 * never any other host. A Host that is not a plain host[:port] gets 'self' alone.
 */
export function ownConnectSources(req: IncomingMessage): string {
  const host = req.headers.host;
  return host && host.length <= 300 && PLAIN_HOST.test(host) ? `'self' ws://${host} wss://${host}` : "'self'";
}

/**
 * Security headers for every answer (helmet): a Content-Security-Policy the pages work under —
 * scripts from this origin only; MapLibre's and deck.gl's workers from `blob:` and this origin;
 * connections (fetch, Socket.IO's WebSocket) to this origin only, never to any ws:/wss: host;
 * WebGL needs nothing more — no framing anywhere (`frame-ancestors 'none'`, X-Frame-Options
 * DENY: the console must not be wrapped in another page), nosniff, no referrer beyond this
 * origin. `mapOrigin`: a real tile server's origin (MAP_STYLE_URL) the map may fetch from.
 * Styles may be inline: MapLibre and ECharts position their elements with style attributes.
 */
export function securityHeaders(options: { mapOrigin: string | null; tls: boolean }) {
  const map = options.mapOrigin ? [options.mapOrigin] : [];
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        childSrc: ["'self'", 'blob:'],
        connectSrc: [ownConnectSources, ...map],
        imgSrc: ["'self'", 'data:', 'blob:', ...map],
        fontSrc: ["'self'", 'data:', ...map],
        styleSrc: ["'self'", "'unsafe-inline'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(options.tls ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    frameguard: { action: 'deny' },
    // HSTS only where this server speaks TLS itself; behind a proxy, the proxy sets it.
    strictTransportSecurity: options.tls ? { maxAge: 180 * 86_400, includeSubDomains: false } : false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'same-origin' },
  });
}
