/**
 * The authorisation matrix: who may call each route and join each namespace. One table, read by
 * the matrix test (every role × every row) and the fuzz suite (every row, any input).
 */
export const CALLERS = ['anonymous', 'wall', 'integration', 'apiKey', 'cityOfficer', 'districtOfficer', 'streetOfficer', 'department', 'worker'] as const;
export type Caller = (typeof CALLERS)[number];

/** 'ok': let through (any answer but 401/403 and never 5xx); 401 or 403: refused with exactly that. */
export type Expected = 'ok' | 401 | 403;
export type Row = Record<Caller, Expected>;

const row = (allowed: readonly Caller[], refusedAs: Partial<Record<Caller, 403>> = {}): Row =>
  Object.fromEntries(CALLERS.map((c) => [c, allowed.includes(c) ? 'ok' : c === 'anonymous' ? 401 : (refusedAs[c] ?? 403)])) as Row;

/** Public on purpose: health, sign-in, the map's style and tiles, the pages, the Open311 service list. */
export const PUBLIC: Row = Object.fromEntries(CALLERS.map((c) => [c, 'ok'])) as Row;
const OFFICERS = ['cityOfficer', 'districtOfficer', 'streetOfficer'] as const;
const SIGNED_IN = ['wall', 'integration', 'apiKey', ...OFFICERS, 'department', 'worker'] as const;
const WATCHERS = ['wall', ...OFFICERS] as const;
const REPORTERS = ['integration', 'apiKey', ...OFFICERS] as const;
const READERS = ['wall', 'integration', 'apiKey', ...OFFICERS] as const;

/** Every route of the server: "METHOD /path" as Express knows it → who may call it. */
export const ROUTES = {
  // The pages: each signs in by itself.
  'GET /': PUBLIC,
  'GET /wall': PUBLIC,
  'GET /wall/': PUBLIC,
  'GET /console': PUBLIC,
  'GET /console/': PUBLIC,
  'GET /desk': PUBLIC,
  'GET /desk/': PUBLIC,
  'GET /worker': PUBLIC,
  'GET /worker/': PUBLIC,
  'GET /api/health': PUBLIC,
  'GET /api/ready': PUBLIC,
  'GET /api/openapi.json': PUBLIC,
  // Open unless METRICS_TOKEN is set (tested on its own): the matrix server sets none.
  'GET /metrics': PUBLIC,
  'GET /api/auth/options': PUBLIC,
  'POST /api/auth/login': PUBLIC,
  'POST /api/auth/refresh': PUBLIC,
  'POST /api/auth/logout': PUBLIC,
  'POST /api/auth/enrol': PUBLIC,
  'GET /api/map/config': PUBLIC,
  'GET /api/map/style.json': PUBLIC,
  'GET /api/map/tiles/:z/:x/:y.pbf': PUBLIC,
  'GET /open311/v2/services.json': PUBLIC,
  // The SMS ladder's link: a one-time code is the credential (rate limited per address).
  'GET /c/:code': PUBLIC,
  'POST /c/:code': PUBLIC,

  'GET /api/geo/summary': row(SIGNED_IN),
  'GET /api/geo/units': row(SIGNED_IN),
  'GET /api/geo/locate': row(SIGNED_IN),
  'GET /api/city/versions': row(OFFICERS),
  // Public like the Open311 service list, which names the same departments: the pages label with it before sign-in.
  'GET /api/city/services': PUBLIC,

  // Grid workers report from the field (gridPatrol, one at a time; an empty body is a 400 first).
  'POST /api/events': row([...REPORTERS, 'worker']),
  // A department's desk reads events and moves those dispatched to it (held to that by the service).
  'GET /api/events': row([...READERS, 'department']),
  // The change feed: the systems that keep in step with the city, and officers (their area's).
  'GET /api/events/changes': row(['integration', 'apiKey', ...OFFICERS]),
  'GET /api/events/export': row(OFFICERS),
  // The broadcasts as CAP for other systems (public only with CAP_FEED_PUBLIC=1, off in the matrix).
  'GET /api/cap/feed.atom': row(['integration', 'apiKey']),
  // The weather bureau's gateway sends its CAP warnings (XML: a JSON body is refused with 415).
  'POST /api/warnings': row(['integration', 'apiKey']),
  // 审核: drafts waiting for a second officer, approved or rejected by one whose area holds the scope.
  'GET /api/broadcasts/drafts': row(OFFICERS),
  'POST /api/broadcasts/:id/approve': row(OFFICERS),
  'POST /api/broadcasts/:id/reject': row(OFFICERS),
  // Webhooks: an integration's own subscriptions.
  'POST /api/webhooks': row(['integration', 'apiKey']),
  'GET /api/webhooks': row(['integration', 'apiKey']),
  'GET /api/webhooks/:id': row(['integration', 'apiKey']),
  'DELETE /api/webhooks/:id': row(['integration', 'apiKey']),
  'GET /api/webhooks/:id/deliveries': row(['integration', 'apiKey']),
  'POST /api/webhooks/:id/deliveries/:deliveryId/resend': row(['integration', 'apiKey']),
  'GET /api/events/:id': row([...READERS, 'department']),
  'POST /api/events/:id/transitions': row([...REPORTERS, 'department']),
  'POST /api/events/:id/evaluation': row(REPORTERS),
  // Photos: added by whoever may act on the event, read by whoever reads events (a department: what
  // is dispatched to it). Checked before the body is read: the matrix's event lies outside the district
  // and street officers' areas and is not dispatched to the matrix's department, so theirs is 403.
  'POST /api/events/:id/attachments': row(['integration', 'apiKey', 'cityOfficer']),
  'GET /api/attachments/:id': row([...READERS, 'department']),
  'GET /api/attachments/:id/thumbnail': row([...READERS, 'department']),
  // 街乡吹哨 by officers (within their area, held by the service); 报到 by the departments named.
  'POST /api/events/:id/whistle': row(OFFICERS),
  'POST /api/events/:id/whistle/report-in': row(['department']),
  // Rated by officers after closure (area and closure held by the service; an empty body is a 400 first).
  'POST /api/events/:id/whistle/ratings': row(OFFICERS),
  'GET /api/stats/today': row(READERS),
  'GET /api/desk/queue': row(['department']),
  // Domain time: read by every desk and wall; driven by the simulator (an integration) alone.
  'GET /api/clock': row([...READERS, 'department']),
  // 三跨 cases: officers, within their area (held by the service; an empty body is a 400 first, an unknown id a 404).
  // A patrol track: the worker themself and the officers of their area (held by the router; the matrix worker asks for another's, and the query is checked first).
  'GET /api/workers/:id/track': row([...OFFICERS, 'worker']),
  // Who am I: a grid worker's own roster entry.
  'GET /api/workers/me': row(['worker']),
  // Web Push: a grid worker's phone subscribes (an empty body is a 400 first).
  'GET /api/push/vapid-public-key': row(['worker']),
  'POST /api/push/subscriptions': row(['worker']),
  // Proof by channel: officers, for the workers of their area.
  'GET /api/broadcasts/:id/reach': row(OFFICERS),
  // A drill's score card: officers, over their area's targets.
  'GET /api/drills/:id': row(OFFICERS),
  // 网格员考核: officers, over their area (no dates: a 400 first).
  'GET /api/workers/assessment': row(OFFICERS),
  // Grid workers' tasks: given by officers, dispatched departments and integrations (an empty body is a 400 first); taken and completed by workers (the matrix worker's is a 403 from the service: not their task, except accept on none, also 403).
  'POST /api/events/:id/task': row(['integration', 'apiKey', ...OFFICERS, 'department']),
  'POST /api/events/:id/task/accept': row([], { worker: 403 }),
  'POST /api/events/:id/task/complete': row(['worker']),
  'GET /api/tasks': row(['worker']),
  'GET /api/cases': row(OFFICERS),
  'POST /api/cases': row(OFFICERS),
  'GET /api/cases/:id': row(OFFICERS),
  'POST /api/cases/:id/meetings': row(OFFICERS),
  'POST /api/cases/:id/close': row(OFFICERS),
  // Served only with the simulated city or SIMULATION_CLOCK=1 (else 404: clock-access.test.ts); the matrix and fuzz servers turn it on.
  'POST /api/clock': row(['integration', 'apiKey']),

  'POST /api/sensors/readings': row(REPORTERS),
  'GET /api/sensors': row(READERS),
  'GET /api/sensors/summary': row(READERS),
  'GET /api/sensors/:id': row(READERS),
  'GET /api/sensors/:id/trend': row(READERS),

  'GET /api/mode': row(READERS),
  // The mode is the whole city's: the city centre's officers alone switch it.
  'POST /api/mode': row(['cityOfficer']),

  'POST /api/broadcasts/preview': row(OFFICERS),
  'POST /api/broadcasts': row(OFFICERS),
  'GET /api/broadcasts': row(WATCHERS),
  'GET /api/wall/snapshot': row(WATCHERS),
  'GET /api/handover': row(OFFICERS),
  'GET /api/broadcasts/:id': row(WATCHERS),
  'GET /api/broadcasts/:id/cap': row(WATCHERS),
  'GET /api/broadcasts/:id/stragglers': row(OFFICERS),
  // The matrix's broadcast was sent by the city centre: no district or street officer amends it.
  'POST /api/broadcasts/:id/update': row(['cityOfficer']),
  'POST /api/broadcasts/:id/cancel': row(['cityOfficer']),

  'GET /api/audit': row(['cityOfficer']),

  // Open311 reads need a key (OPEN311_PUBLIC_READ=1 opens them, without contact details).
  'POST /open311/v2/requests.json': row(REPORTERS),
  'GET /open311/v2/requests.json': row(REPORTERS),
  'GET /open311/v2/requests/:id.json': row(REPORTERS),
} satisfies Record<string, Row>;

/** Who may join each namespace (a socket event's role check is its namespace's). */
export const NAMESPACE_ROWS: Record<'wall' | 'console' | 'worker', readonly Caller[]> = {
  wall: WATCHERS,
  console: OFFICERS,
  worker: ['worker'],
};

/** Every client → server event of the catalogue, by namespace, with a payload to send (after it, the ack). */
export const SOCKET_EVENTS = {
  wall: {
    'wall:requestSnapshot': [],
    'event:history': ['EV000000001'],
    'sensor:trend': ['WL000001'],
    'workers:view': [{ west: 113.5, south: 34.6, east: 113.8, north: 34.9, zoom: 14 }],
    'worker:at': [{ lng: 113.66, lat: 34.75, radiusM: 50 }],
    'wall:replay': [{ afterMs: 1_765_000_000_000, untilMs: 1_765_000_060_000 }],
  },
  console: { 'geo:locate': [{ lng: 113.66, lat: 34.75 }], 'desk:requestSnapshot': [] },
  worker: {
    'geo:locate': [{ lng: 113.66, lat: 34.75 }],
    'broadcast:delivered': ['BC000001'],
    'broadcast:confirm': ['BC000001'],
    'broadcast:inbox': [],
    'duty:set': [{ onDuty: false }],
    'position:update': [{ lng: 113.66, lat: 34.75, atMs: 0, accuracyM: 10 }],
  },
} satisfies Record<'wall' | 'console' | 'worker', Record<string, unknown[]>>;

/**
 * What area rule each route and socket event answers to (server/auth/areaPolicy.ts). A route added
 * to ROUTES without one here does not compile, so the build fails; the area matrix test
 * (tests/integration/area-matrix.test.ts) exercises every rule naming an object, inside and outside.
 * - 'none': no object of an area — public, sign-in, the caller's own session or records, the
 *   whole city's reference data and figures every admitted role reads (the map, units, today's
 *   city-wide figures, the mode, the clock), or a city-centre-only door (mode switch, audit);
 * - 'event': an event — acted on within the area (officers), as dispatched (departments), as
 *   one's own (workers); read in full there, elsewhere without contacts or photos;
 * - 'attachment': an event's photos — to those who read its contacts;
 * - 'worker': a grid worker's track, record, person — the worker and the officers of their area;
 * - 'case': a 三跨 case — read where one of its events lies, acted on where all of them do;
 * - 'broadcast': a broadcast's scope within the sender's area (WorkerDirectory.allows);
 * - 'sensor': a device's readings — officers only for devices of their area.
 */
export type AreaRule = 'none' | 'event' | 'attachment' | 'worker' | 'case' | 'broadcast' | 'sensor';
/** The rules that name an object: the area matrices try each such route and socket event inside and outside. */
export const OBJECT_RULES: ReadonlySet<AreaRule> = new Set(['event', 'attachment', 'worker', 'case', 'broadcast', 'sensor']);

const NONE: AreaRule = 'none';
export const AREA_RULES: Record<keyof typeof ROUTES, AreaRule> = {
  'GET /': NONE,
  'GET /wall': NONE,
  'GET /wall/': NONE,
  'GET /console': NONE,
  'GET /console/': NONE,
  'GET /desk': NONE,
  'GET /desk/': NONE,
  'GET /worker': NONE,
  'GET /worker/': NONE,
  'GET /api/health': NONE,
  'GET /api/ready': NONE,
  'GET /api/openapi.json': NONE,
  'GET /metrics': NONE,
  'GET /api/auth/options': NONE,
  'POST /api/auth/login': NONE,
  'POST /api/auth/refresh': NONE,
  'POST /api/auth/logout': NONE,
  'POST /api/auth/enrol': NONE,
  'GET /api/map/config': NONE,
  'GET /api/map/style.json': NONE,
  'GET /api/map/tiles/:z/:x/:y.pbf': NONE,
  'GET /open311/v2/services.json': NONE,
  // The link's own broadcast, to the worker it was texted to.
  'GET /c/:code': NONE,
  'POST /c/:code': NONE,
  'GET /api/geo/summary': NONE,
  'GET /api/geo/units': NONE,
  'GET /api/geo/locate': NONE,
  // The city's versions are reference data, the same for every officer's area.
  'GET /api/city/versions': NONE,
  'GET /api/city/services': NONE,
  // A new report is located by the server; a worker's only in their own grid (gridPatrol rules).
  'POST /api/events': NONE,
  'GET /api/events': 'event',
  'GET /api/events/changes': 'event',
  'GET /api/events/export': 'event',
  // The city's broadcasts as it publishes them to other systems.
  'GET /api/cap/feed.atom': NONE,
  // A warning is the city's input, placed on its units and drafted for the officers to approve.
  'POST /api/warnings': NONE,
  'GET /api/broadcasts/drafts': 'broadcast',
  'POST /api/broadcasts/:id/approve': 'broadcast',
  'POST /api/broadcasts/:id/reject': 'broadcast',
  // The caller's own subscriptions (each an integration's, never another's).
  'POST /api/webhooks': NONE,
  'GET /api/webhooks': NONE,
  'GET /api/webhooks/:id': NONE,
  'DELETE /api/webhooks/:id': NONE,
  'GET /api/webhooks/:id/deliveries': NONE,
  'POST /api/webhooks/:id/deliveries/:deliveryId/resend': NONE,
  'GET /api/events/:id': 'event',
  'POST /api/events/:id/transitions': 'event',
  'POST /api/events/:id/evaluation': 'event',
  'POST /api/events/:id/attachments': 'event',
  'GET /api/attachments/:id': 'attachment',
  'GET /api/attachments/:id/thumbnail': 'attachment',
  'POST /api/events/:id/whistle': 'event',
  'POST /api/events/:id/whistle/report-in': 'event',
  'POST /api/events/:id/whistle/ratings': 'event',
  'GET /api/stats/today': NONE,
  'GET /api/desk/queue': 'event',
  'GET /api/clock': NONE,
  'GET /api/workers/:id/track': 'worker',
  'GET /api/workers/assessment': 'worker',
  // The caller's own roster entry, never another's.
  'GET /api/workers/me': NONE,
  // The deployment's public key, and the caller's own phone's subscription.
  'GET /api/push/vapid-public-key': NONE,
  'POST /api/push/subscriptions': NONE,
  // The attempts shown are those of the caller's area's workers, as stragglers are.
  'GET /api/broadcasts/:id/reach': 'broadcast',
  'GET /api/drills/:id': 'broadcast',
  // The wall at a past moment is what the live wall showed then: the whole city's, with no contacts in it.
  'GET /api/wall/snapshot': NONE,
  // The brief counts and lists the events of the caller's area only.
  'GET /api/handover': 'event',
  'POST /api/events/:id/task': 'event',
  'POST /api/events/:id/task/accept': 'event',
  'POST /api/events/:id/task/complete': 'event',
  'GET /api/tasks': NONE,
  'GET /api/cases': 'case',
  'POST /api/cases': 'case',
  'GET /api/cases/:id': 'case',
  'POST /api/cases/:id/meetings': 'case',
  'POST /api/cases/:id/close': 'case',
  'POST /api/clock': NONE,
  'POST /api/sensors/readings': 'sensor',
  'GET /api/sensors': NONE,
  'GET /api/sensors/summary': NONE,
  'GET /api/sensors/:id': NONE,
  'GET /api/sensors/:id/trend': NONE,
  'GET /api/mode': NONE,
  'POST /api/mode': NONE,
  'POST /api/broadcasts/preview': 'broadcast',
  'POST /api/broadcasts': 'broadcast',
  // A broadcast is an instruction to workers, no one's personal data: every wall and officer may read any, as CAP exports it.
  'GET /api/broadcasts': NONE,
  'GET /api/broadcasts/:id': NONE,
  'GET /api/broadcasts/:id/cap': NONE,
  'GET /api/broadcasts/:id/stragglers': 'broadcast',
  'POST /api/broadcasts/:id/update': 'broadcast',
  'POST /api/broadcasts/:id/cancel': 'broadcast',
  'GET /api/audit': NONE,
  'POST /open311/v2/requests.json': NONE,
  'GET /open311/v2/requests.json': 'event',
  'GET /open311/v2/requests/:id.json': 'event',
};

/** The area rule of each client → server socket event, as for routes. */
export const SOCKET_AREA_RULES: { [N in keyof typeof SOCKET_EVENTS]: Record<keyof (typeof SOCKET_EVENTS)[N], AreaRule> } = {
  // The wall's feed is the whole city's, with no contacts in it; a worker's dot carries no name.
  wall: { 'wall:requestSnapshot': NONE, 'event:history': 'event', 'sensor:trend': NONE, 'workers:view': NONE, 'worker:at': 'worker', 'wall:replay': NONE },
  // The desk's snapshot is the officer's area (its room).
  console: { 'geo:locate': NONE, 'desk:requestSnapshot': 'event' },
  // A phone acts on its own receipts, duty and position.
  worker: { 'geo:locate': NONE, 'broadcast:delivered': NONE, 'broadcast:confirm': NONE, 'broadcast:inbox': NONE, 'duty:set': NONE, 'position:update': NONE },
};
