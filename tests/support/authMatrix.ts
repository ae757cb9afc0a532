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
export const ROUTES: Record<string, Row> = {
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

  'GET /api/geo/summary': row(SIGNED_IN),
  'GET /api/geo/units': row(SIGNED_IN),
  'GET /api/geo/locate': row(SIGNED_IN),

  // Grid workers report from the field (gridPatrol, one at a time; an empty body is a 400 first).
  'POST /api/events': row([...REPORTERS, 'worker']),
  // A department's desk reads events and moves those dispatched to it (held to that by the service).
  'GET /api/events': row([...READERS, 'department']),
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
};

/** Who may join each namespace (a socket event's role check is its namespace's). */
export const NAMESPACE_ROWS: Record<'wall' | 'console' | 'worker', readonly Caller[]> = {
  wall: WATCHERS,
  console: OFFICERS,
  worker: ['worker'],
};

/** Every client → server event of the catalogue, by namespace, with a payload to send (after it, the ack). */
export const SOCKET_EVENTS: Record<'wall' | 'console' | 'worker', Record<string, unknown[]>> = {
  wall: { 'wall:requestSnapshot': [], 'event:history': ['EV000000001'], 'sensor:trend': ['WL000001'], 'workers:view': [{ west: 113.5, south: 34.6, east: 113.8, north: 34.9, zoom: 14 }], 'worker:at': [{ lng: 113.66, lat: 34.75, radiusM: 50 }] },
  console: { 'geo:locate': [{ lng: 113.66, lat: 34.75 }], 'desk:requestSnapshot': [] },
  worker: { 'geo:locate': [{ lng: 113.66, lat: 34.75 }], 'broadcast:delivered': ['BC000001'], 'broadcast:confirm': ['BC000001'], 'broadcast:inbox': [], 'duty:set': [{ onDuty: false }], 'position:update': [{ lng: 113.66, lat: 34.75, atMs: 0, accuracyM: 10 }] },
};
