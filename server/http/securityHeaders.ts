import helmet from 'helmet';

/**
 * Security headers for every answer (helmet): a Content-Security-Policy the pages work under —
 * scripts from this origin only; MapLibre's and deck.gl's workers from `blob:` and this origin;
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
        connectSrc: ["'self'", 'ws:', 'wss:', ...map],
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
