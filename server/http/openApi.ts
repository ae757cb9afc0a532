import { AssessmentQuery } from './workersRouter.ts';
import { TaskCommand, TaskCompletion } from '../../common/domain/tasks.ts';
import { TrackQuery } from '../../common/domain/field.ts';
import { CaseListQuery, CloseCaseCommand, MeetingCommand, OpenCaseCommand } from '../../common/domain/cases.ts';
import { ClockCommand } from './clockRouter.ts';
import { z } from 'zod';
import { PAGES } from './clientPages.ts';
import { EnrolRequest, LoginRequest, RefreshRequest } from '../../common/domain/auth.ts';
import { BroadcastSendRequest } from '../../common/domain/broadcasts.ts';
import { EvaluationCommand, EventReport, EventReportBatch, TransitionCommand, WhistleCommand, WhistleRatingCommand } from '../../common/domain/eventRecords.ts';
import { LocateQuery } from '../../common/domain/geo.ts';
import { ModeChange } from '../../common/domain/modes.ts';
import { SensorReadingBatch } from '../../common/domain/sensors.ts';
import { AuditQuery } from './auditRouter.ts';
import { BroadcastUpdateRequest, PreviewRequest } from './broadcastsRouter.ts';
import { EventListQuery } from './eventsRouter.ts';
import { UnitsQuery } from './geoRouter.ts';
import { StyleQuery } from './mapRouter.ts';
import { Open311CreateRequest, Open311SearchQuery } from './open311Router.ts';
import { SensorListQuery } from './sensorsRouter.ts';

type Access = 'public' | 'metrics' | { roles: string[]; note?: string };
type Produces = 'json' | 'html' | 'protobuf' | 'text';

/** One operation of the HTTP API, as its router serves it: the path in Express's syntax. */
interface Operation {
  method: 'get' | 'post';
  path: string;
  summary: string;
  tag: string;
  access: Access;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Besides JSON, a body the route also takes as a form (Open311). */
  form?: boolean;
  responses: Record<number, string>;
  produces?: Produces;
  /** Served only with the simulation clock on (SIMULATE or SIMULATION_CLOCK); otherwise 404 and left out. */
  simulationClockOnly?: true;
}

const OFFICERS = { roles: ['officer'] };
const REPORTERS = { roles: ['integration', 'officer'] };
const READERS = { roles: ['integration', 'officer', 'wall'] };
const WATCHERS = { roles: ['officer', 'wall'] };
const SIGNED_IN = { roles: ['wall', 'integration', 'officer', 'worker'] };
const CITY_OFFICERS = { roles: ['officer'], note: 'city-centre officers only (an account without a unit)' };

/** Refusals every guarded route may answer. */
const GUARDED = { 401: 'no or invalid credential', 403: 'the role may not call this' };

/**
 * Every route the server has: the source of `GET /api/openapi.json`. Request bodies and queries
 * are the zod schemas the routers check with, turned into JSON Schema here; a test holds this
 * list and the routes Express actually serves to each other.
 */
export const API_OPERATIONS: Operation[] = [
  { method: 'get', path: '/', summary: 'Redirects to the wall', tag: 'pages', access: 'public', responses: { 302: 'to /wall' }, produces: 'html' },
  ...PAGES.flatMap((page): Operation[] =>
    ['', '/'].map((slash) => ({
      method: 'get',
      path: `/${page}${slash}`,
      summary: `The ${page} page (signs in by itself)`,
      tag: 'pages',
      access: 'public',
      responses: { 200: 'the page', 503: 'the client is not built' },
      produces: 'html',
    })),
  ),

  { method: 'get', path: '/api/health', summary: 'Liveness: the process answers', tag: 'operations', access: 'public', responses: { 200: '{ status, uptimeMs, serverTimeMs }' } },
  {
    method: 'get',
    path: '/api/ready',
    summary: 'Readiness: the store answers at the expected schema, Redis answers (with REDIS_URL; `redis` lists the leases this node holds), and the node is not draining',
    tag: 'operations',
    access: 'public',
    responses: { 200: 'ready', 503: '{ ready: false, reasons }' },
  },
  { method: 'get', path: '/api/openapi.json', summary: 'This document', tag: 'operations', access: 'public', responses: { 200: 'OpenAPI 3.1' } },
  {
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics of this node',
    tag: 'operations',
    access: 'metrics',
    responses: { 200: 'Prometheus text', 401: 'METRICS_TOKEN is set and was not sent', 403: 'no METRICS_TOKEN and METRICS_PUBLIC off (production’s default)' },
    produces: 'text',
  },

  { method: 'get', path: '/api/auth/options', summary: 'Whether demo accounts are on', tag: 'auth', access: 'public', responses: { 200: '{ demo }' } },
  {
    method: 'post',
    path: '/api/auth/login',
    summary: 'Sign in: an access token and a refresh token',
    tag: 'auth',
    access: 'public',
    body: LoginRequest,
    responses: { 200: '{ token, refreshToken, expiresAtMs, principal }', 400: 'bad field', 401: 'wrong username or password', 429: 'too many failures' },
  },
  {
    method: 'post',
    path: '/api/auth/refresh',
    summary:
      'A new access token for a refresh token, and its successor (rotated: each is used once). A token presented again after its use signs its whole session out — every refresh and access token descended from the same sign-in',
    tag: 'auth',
    access: 'public',
    body: RefreshRequest,
    responses: { 200: 'new tokens', 400: 'bad field', 401: 'refresh token unknown, used, expired or revoked' },
  },
  {
    method: 'post',
    path: '/api/auth/logout',
    summary: 'Signs the refresh token’s session out: every refresh token of it stops, and every access token of it stops on every node at once, before it expires',
    tag: 'auth',
    access: 'public',
    body: RefreshRequest,
    responses: { 204: 'signed out (or the token was unknown)', 400: 'bad field' },
  },
  {
    method: 'post',
    path: '/api/auth/enrol',
    summary: "A grid worker's phone redeems its enrolment code for a device credential",
    tag: 'auth',
    access: 'public',
    body: EnrolRequest,
    responses: { 200: 'device credential and tokens', 400: 'bad field', 401: 'code unknown, used or expired' },
  },

  { method: 'get', path: '/api/map/config', summary: 'Where the map style comes from', tag: 'map', access: 'public', responses: { 200: '{ styleUrl }' } },
  { method: 'get', path: '/api/map/style.json', summary: 'The offline map style', tag: 'map', access: 'public', query: StyleQuery, responses: { 200: 'MapLibre style', 400: 'bad field' } },
  {
    method: 'get',
    path: '/api/map/tiles/:z/:x/:y.pbf',
    summary: 'A vector tile of the city',
    tag: 'map',
    access: 'public',
    responses: { 200: 'Mapbox vector tile', 204: 'empty tile', 400: 'bad field' },
    produces: 'protobuf',
  },

  { method: 'get', path: '/api/geo/summary', summary: 'Districts, streets, grids and workers counted', tag: 'geography', access: SIGNED_IN, responses: { 200: 'GeoSummary', ...GUARDED } },
  {
    method: 'get',
    path: '/api/geo/units',
    summary: 'The units under a parent (districts when none)',
    tag: 'geography',
    access: SIGNED_IN,
    query: UnitsQuery,
    responses: { 200: '{ units }', 400: 'bad field', 404: 'no such parent', ...GUARDED },
  },
  {
    method: 'get',
    path: '/api/geo/locate',
    summary: 'Where in the hierarchy a point is',
    tag: 'geography',
    access: SIGNED_IN,
    query: LocateQuery,
    responses: { 200: 'GridPath', 400: 'bad field', 404: 'outside the city', ...GUARDED },
  },

  {
    method: 'post',
    path: '/api/events',
    summary:
      'Report one event (201; 200 when its externalId was seen) or a batch of up to 1,000; a grid worker reports one at a time on gridPatrol, recorded as its reporter (externalId kept per worker)',
    tag: 'events',
    access: { roles: ['integration', 'officer', 'worker'] },
    body: z.union([EventReport, EventReportBatch]),
    responses: { 200: 'the earlier event', 201: 'stored', 400: 'bad field', 409: 'conflicts with a stored event', 413: 'body too large', 429: 'past capacity: Retry-After', ...GUARDED },
  },
  { method: 'get', path: '/api/events', summary: 'Stored events, newest first', tag: 'events', access: READERS, query: EventListQuery, responses: { 200: '{ events }', 400: 'bad field', ...GUARDED } },
  { method: 'get', path: '/api/events/:id', summary: 'An event and its history', tag: 'events', access: READERS, responses: { 200: '{ event, history }', 404: 'no such event', ...GUARDED } },
  {
    method: 'post',
    path: '/api/events/:id/whistle',
    summary: '街乡吹哨: summons departments to an event in the officer’s area, each to report in by deadlineAtMs (epoch ms); 201 { whistle, event }',
    tag: 'events',
    access: { roles: ['officer'] },
    body: WhistleCommand,
    responses: { ...GUARDED, 201: '{ whistle, event }', 400: 'bad field', 403: 'outside the officer’s area', 404: 'no such event', 409: 'closed, a duplicate, or a whistle outstanding' },
  },
  {
    method: 'post',
    path: '/api/events/:id/whistle/report-in',
    summary: '部门报到: a department named by the whistle reports in (again: no change)',
    tag: 'events',
    access: { roles: ['department'] },
    responses: { ...GUARDED, 200: '{ whistle } with each department’s state', 403: 'the department is not named', 404: 'no such event', 409: 'no whistle' },
  },
  {
    method: 'post',
    path: '/api/events/:id/whistle/ratings',
    summary: 'After closure, the officer rates each summoned department 1–5 (again: replaces)',
    tag: 'events',
    access: { roles: ['officer'] },
    body: WhistleRatingCommand,
    responses: { ...GUARDED, 200: '{ whistle }', 400: 'bad field, or a department not summoned', 403: 'outside the officer’s area', 404: 'no such event', 409: 'no whistle, or not closed yet' },
  },
  {
    method: 'get',
    path: '/api/clock',
    summary: 'The time of the city’s affairs (events, SLA clocks, today’s figures): real, or following the simulator; { clock: { nowMs, speed, simulated } }',
    tag: 'events',
    access: { roles: ['officer', 'wall', 'integration', 'department'] },
    responses: { ...GUARDED, 200: '{ clock }' },
  },
  {
    method: 'post',
    path: '/api/clock',
    summary:
      'The simulator’s clock: domain time follows simulatedNowMs at speed (never stepping back); repeated within 15 s or it runs on at real speed. Served only while the server runs the simulated city (SIMULATE) or with SIMULATION_CLOCK=1; otherwise 404',
    tag: 'events',
    access: { roles: ['integration'] },
    body: ClockCommand,
    responses: { ...GUARDED, 200: '{ clock }', 400: 'bad field' },
    simulationClockOnly: true,
  },
  {
    method: 'get',
    path: '/api/workers/assessment',
    summary:
      '网格员考核 over a period of Beijing dates (at most 31 days): per worker, grid, community or street — reports, tasks verified and handled, mean response to tasks, patrol minutes and km — ranked; JSON { level, from, to, total, rows } or CSV (format=csv); the officer’s area only',
    tag: 'field',
    access: { roles: ['officer'] },
    query: AssessmentQuery,
    responses: { ...GUARDED, 200: '{ rows } or text/csv', 400: 'bad field' },
  },
  {
    method: 'get',
    path: '/api/workers/:id/track',
    summary: 'A grid worker’s patrol track on a Beijing date (downsampled, kept 90 days): { points: [{ lng, lat, atMs }] }; for the worker and the officers of their area',
    tag: 'field',
    access: { roles: ['officer', 'worker'] },
    query: TrackQuery,
    responses: { ...GUARDED, 200: '{ points }', 400: 'bad field', 403: 'another worker, or outside the officer’s area', 404: 'no such worker' },
  },
  {
    method: 'post',
    path: '/api/events/:id/task',
    summary: 'Gives an open event to a grid worker: 核查 (verify) or 即时办 (handle at once); one task at a time; 201 { task, event }',
    tag: 'field',
    access: { roles: ['officer', 'department', 'integration'] },
    body: TaskCommand,
    responses: {
      ...GUARDED,
      201: '{ task, event }',
      400: 'bad field, or no such worker',
      403: 'not the caller’s event (area or dispatch)',
      404: 'no such event',
      409: 'closed, a duplicate, or a task open',
    },
  },
  {
    method: 'post',
    path: '/api/events/:id/task/accept',
    summary: '签收: the worker takes their task (again: no change)',
    tag: 'field',
    access: { roles: ['worker'] },
    responses: { ...GUARDED, 200: '{ task, event }', 403: 'not the worker’s task', 404: 'no such event', 409: 'done' },
  },
  {
    method: 'post',
    path: '/api/events/:id/task/complete',
    summary: 'The worker completes their task: verify → confirmed | notFound, handle → handled, with what they found',
    tag: 'field',
    access: { roles: ['worker'] },
    body: TaskCompletion,
    responses: { ...GUARDED, 200: '{ task, event }', 400: 'bad field, or an outcome not of the task’s kind', 403: 'not the worker’s task', 404: 'no such event', 409: 'done already' },
  },
  {
    method: 'get',
    path: '/api/tasks',
    summary: 'The worker’s tasks: open first, then done',
    tag: 'field',
    access: { roles: ['worker'] },
    responses: { ...GUARDED, 200: '{ items: [{ task, event }] }' },
  },
  {
    method: 'get',
    path: '/api/cases',
    summary: '三跨 cases the officer may see (an event in their area; the city centre all), newest first, with the summary { held, open, closed, closedRate }',
    tag: 'cases',
    access: { roles: ['officer'] },
    query: CaseListQuery,
    responses: { ...GUARDED, 200: '{ cases, summary }', 400: 'bad field' },
  },
  {
    method: 'post',
    path: '/api/cases',
    summary: 'Opens a 三跨 case from events in the officer’s area; 201 { case }',
    tag: 'cases',
    access: { roles: ['officer'] },
    body: OpenCaseCommand,
    responses: { ...GUARDED, 201: '{ case }', 400: 'bad field, or no such event', 403: 'an event outside the officer’s area' },
  },
  {
    method: 'get',
    path: '/api/cases/:id',
    summary: 'A case with its meetings',
    tag: 'cases',
    access: { roles: ['officer'] },
    responses: { ...GUARDED, 200: '{ case }', 404: 'no such case in the officer’s area' },
  },
  {
    method: 'post',
    path: '/api/cases/:id/meetings',
    summary: '联席会议: records a joint meeting (atMs, participants, decisions) on an open case; 201 { case }',
    tag: 'cases',
    access: { roles: ['officer'] },
    body: MeetingCommand,
    responses: { ...GUARDED, 201: '{ case }', 400: 'bad field', 404: 'no such case', 409: 'closed, or changed meanwhile: { error, case }' },
  },
  {
    method: 'post',
    path: '/api/cases/:id/close',
    summary: 'Closes an open case with its resolution',
    tag: 'cases',
    access: { roles: ['officer'] },
    body: CloseCaseCommand,
    responses: { ...GUARDED, 200: '{ case }', 400: 'bad field', 404: 'no such case', 409: 'already closed, or changed meanwhile' },
  },
  {
    method: 'get',
    path: '/api/desk/queue',
    summary: 'A department’s desk: the open events dispatched to it (in its district, if it serves one), the clock running out first at the top; { serverTimeMs, total, items: [{ event, dueAtMs }] }',
    tag: 'events',
    access: { roles: ['department'] },
    responses: { ...GUARDED, 200: '{ serverTimeMs, total, items }' },
  },
  {
    method: 'post',
    path: '/api/events/:id/attachments',
    summary:
      'A photo of the event: multipart/form-data with the image in field file (JPEG, PNG or WebP by content, at most 10 MiB), re-encoded without metadata, with a thumbnail; 201 { id, url, thumbnailUrl }; with the form field clientKey, the same key again is the same photo (200)',
    tag: 'events',
    access: { roles: ['integration', 'officer', 'department', 'worker'] },
    responses: {
      ...GUARDED,
      201: '{ id, url, thumbnailUrl }',
      400: 'no file in field file',
      403: 'not the caller’s event (area, dispatch, or a worker’s own report)',
      404: 'no such event',
      413: 'larger than 10 MiB',
      415: 'not a JPEG, PNG or WebP image',
    },
  },
  {
    method: 'get',
    path: '/api/attachments/:id',
    summary: 'A photo (image/jpeg), to those who may see its event',
    tag: 'events',
    access: { roles: ['officer', 'wall', 'integration', 'department'] },
    responses: { ...GUARDED, 200: 'image/jpeg', 404: 'no such photo' },
  },
  {
    method: 'get',
    path: '/api/attachments/:id/thumbnail',
    summary: 'A photo’s thumbnail (image/jpeg, 320 px), to those who may see its event',
    tag: 'events',
    access: { roles: ['officer', 'wall', 'integration', 'department'] },
    responses: { ...GUARDED, 200: 'image/jpeg', 404: 'no such photo' },
  },
  {
    method: 'post',
    path: '/api/events/:id/transitions',
    summary:
      'Moves an event along its lifecycle: officers within their area, departments on what is dispatched to them, integrations any step; with duplicateOf, merges it into another event (or unmerges with null), keeping its state or accepting it',
    tag: 'events',
    access: { roles: ['integration', 'officer', 'department'] },
    body: TransitionCommand,
    responses: {
      ...GUARDED,
      200: 'the event',
      400: 'bad field (a return without its reason, a lead not among the departments)',
      403: 'not this caller’s role, or not their step, area or dispatch',
      404: 'no such event',
      409: 'not allowed from its state, or changed meanwhile: { error, event }',
    },
  },
  {
    method: 'post',
    path: '/api/events/:id/evaluation',
    summary: "The citizen's verdict on a resolved event",
    tag: 'events',
    access: REPORTERS,
    body: EvaluationCommand,
    responses: { 200: 'the event', 400: 'bad field', 404: 'no such event', 409: 'not resolved', ...GUARDED },
  },
  { method: 'get', path: '/api/stats/today', summary: "Today's figures (Beijing day)", tag: 'events', access: READERS, responses: { 200: 'TodayStats', ...GUARDED } },

  {
    method: 'post',
    path: '/api/sensors/readings',
    summary: 'A batch of up to 10,000 sensor readings',
    tag: 'sensors',
    access: REPORTERS,
    body: SensorReadingBatch,
    responses: { 200: '{ accepted, alerts }', 400: 'bad field', 413: 'body too large', 429: 'past capacity: Retry-After', ...GUARDED },
  },
  {
    method: 'get',
    path: '/api/sensors',
    summary: 'Sensors by kind, level or place',
    tag: 'sensors',
    access: READERS,
    query: SensorListQuery,
    responses: { 200: '{ sensors }', 400: 'bad field', ...GUARDED },
  },
  { method: 'get', path: '/api/sensors/summary', summary: 'Devices online and in alarm, by kind', tag: 'sensors', access: READERS, responses: { 200: 'SensorSummary', ...GUARDED } },
  { method: 'get', path: '/api/sensors/:id', summary: 'One sensor and its state', tag: 'sensors', access: READERS, responses: { 200: 'the sensor', 404: 'no such sensor', ...GUARDED } },
  {
    method: 'get',
    path: '/api/sensors/:id/trend',
    summary: "A waterlogging point's recent depths",
    tag: 'sensors',
    access: READERS,
    responses: { 200: 'DepthTrend', 404: 'no such point', ...GUARDED },
  },

  { method: 'get', path: '/api/mode', summary: 'The operating mode and its history', tag: 'modes', access: READERS, responses: { 200: '{ mode, history }', ...GUARDED } },
  {
    method: 'post',
    path: '/api/mode',
    summary: "Switches the city's operating mode",
    tag: 'modes',
    access: CITY_OFFICERS,
    body: ModeChange,
    responses: { 200: 'the new mode', 400: 'bad field', ...GUARDED },
  },

  {
    method: 'post',
    path: '/api/broadcasts/preview',
    summary: 'How many workers a scope reaches',
    tag: 'broadcasts',
    access: OFFICERS,
    body: PreviewRequest,
    responses: { 200: '{ targeted, byDistrict }', 400: 'bad field', ...GUARDED },
  },
  {
    method: 'post',
    path: '/api/broadcasts',
    summary: 'Sends a broadcast (stored before any phone hears of it)',
    tag: 'broadcasts',
    access: OFFICERS,
    body: BroadcastSendRequest,
    responses: { 201: '{ id, targeted }', 400: 'bad field', ...GUARDED },
  },
  { method: 'get', path: '/api/broadcasts', summary: 'Recent broadcasts and their progress', tag: 'broadcasts', access: WATCHERS, responses: { 200: '{ broadcasts }', ...GUARDED } },
  {
    method: 'get',
    path: '/api/broadcasts/:id',
    summary: 'A broadcast and its progress',
    tag: 'broadcasts',
    access: WATCHERS,
    responses: { 200: 'the broadcast', 404: 'no such broadcast', ...GUARDED },
  },
  {
    method: 'get',
    path: '/api/broadcasts/:id/cap',
    summary: 'The broadcast as a CAP 1.2 alert',
    tag: 'broadcasts',
    access: WATCHERS,
    responses: { 200: 'CAP XML', 404: 'no such broadcast', ...GUARDED },
  },
  {
    method: 'get',
    path: '/api/broadcasts/:id/stragglers',
    summary: 'Who has not confirmed, by grid',
    tag: 'broadcasts',
    access: OFFICERS,
    responses: { 200: '{ grids }', 404: 'no such broadcast', ...GUARDED },
  },
  {
    method: 'post',
    path: '/api/broadcasts/:id/update',
    summary: "Replaces a broadcast's content (its sender's unit or the city centre)",
    tag: 'broadcasts',
    access: OFFICERS,
    body: BroadcastUpdateRequest,
    responses: { 200: 'the broadcast', 400: 'bad field', 404: 'no such broadcast', 409: 'cancelled or no longer followed', ...GUARDED },
  },
  {
    method: 'post',
    path: '/api/broadcasts/:id/cancel',
    summary: 'Cancels a broadcast (its sender’s unit or the city centre)',
    tag: 'broadcasts',
    access: OFFICERS,
    responses: { 200: 'the broadcast', 404: 'no such broadcast', 409: 'no longer followed', ...GUARDED },
  },

  {
    method: 'get',
    path: '/api/audit',
    summary: 'The audit log, newest first',
    tag: 'operations',
    access: CITY_OFFICERS,
    query: AuditQuery,
    responses: { 200: '{ entries }', 400: 'bad field', ...GUARDED },
  },

  { method: 'get', path: '/open311/v2/services.json', summary: 'Open311 GeoReport v2: the service list', tag: 'open311', access: 'public', responses: { 200: 'services' } },
  {
    method: 'post',
    path: '/open311/v2/requests.json',
    summary: 'Open311: report a service request (api_key)',
    tag: 'open311',
    access: REPORTERS,
    body: Open311CreateRequest,
    form: true,
    responses: { 201: '[{ service_request_id }]', 400: 'bad field', 429: 'past capacity', ...GUARDED },
  },
  {
    method: 'get',
    path: '/open311/v2/requests.json',
    summary: 'Open311: search service requests (api_key, unless OPEN311_PUBLIC_READ)',
    tag: 'open311',
    access: REPORTERS,
    query: Open311SearchQuery,
    responses: { 200: 'service requests', 400: 'bad field', ...GUARDED },
  },
  {
    method: 'get',
    path: '/open311/v2/requests/:id.json',
    summary: 'Open311: one service request',
    tag: 'open311',
    access: REPORTERS,
    responses: { 200: '[service request]', 404: 'no such request', ...GUARDED },
  },
];

/** `/api/events/:id` → `/api/events/{id}`; `/tiles/:z/:x/:y.pbf` → `/tiles/{z}/{x}/{y}.pbf`. */
export const openApiPath = (expressPath: string) => expressPath.replace(/:([A-Za-z_]\w*)/g, '{$1}');

const jsonSchema = (schema: z.ZodType) => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

const MEDIA: Record<Produces, string> = { json: 'application/json', html: 'text/html', protobuf: 'application/x-protobuf', text: 'text/plain' };

function operationObject(op: Operation) {
  const pathParams = [...op.path.matchAll(/:([A-Za-z_]\w*)/g)].map(([, name]) => ({ name, in: 'path', required: true, schema: { type: 'string', maxLength: 200 } }));
  const queryShape = op.query ? (jsonSchema(op.query) as { properties?: Record<string, object>; required?: string[] }) : null;
  const queryParams = Object.entries(queryShape?.properties ?? {}).map(([name, schema]) => ({ name, in: 'query', required: queryShape?.required?.includes(name) ?? false, schema }));
  const roles = typeof op.access === 'object' ? op.access : null;
  return {
    summary: op.summary,
    tags: [op.tag],
    ...(roles ? { description: `Roles: ${roles.roles.join(', ')}${roles.note ? ` (${roles.note})` : ''}.` } : {}),
    security: op.access === 'public' ? [] : op.access === 'metrics' ? [{}, { metricsToken: [] }] : [{ bearer: [] }, ...(op.tag === 'open311' ? [{ open311Key: [] }] : [])],
    ...(pathParams.length || queryParams.length ? { parameters: [...pathParams, ...queryParams] } : {}),
    ...(op.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchema(op.body) }, ...(op.form ? { 'application/x-www-form-urlencoded': { schema: jsonSchema(op.body) } } : {}) },
          },
        }
      : {}),
    responses: Object.fromEntries(
      Object.entries(op.responses).map(([status, description]) => [status, { description, ...(Number(status) < 300 && status !== '204' ? { content: { [MEDIA[op.produces ?? 'json']]: {} } } : {}) }]),
    ),
  };
}

/** The OpenAPI 3.1 document of this server's HTTP API: the routes it serves, as configured. */
export function openApiDocument(version: string, served: { simulationClock: boolean }): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const op of API_OPERATIONS) if (!op.simulationClockOnly || served.simulationClock) (paths[openApiPath(op.path)] ??= {})[op.method] = operationObject(op);
  return {
    openapi: '3.1.0',
    info: {
      title: 'City Brain (智慧大脑) API',
      version,
      description: 'Events, sensors, broadcasts and operating modes of the city operations platform. Errors are `{ error, fields? }`; a 400 names each bad field.',
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An access token from /api/auth/login, or an integration API key (cbk_…)' },
        open311Key: { type: 'apiKey', in: 'query', name: 'api_key' },
        metricsToken: { type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN, when the node sets one' },
      },
    },
    paths,
  };
}
