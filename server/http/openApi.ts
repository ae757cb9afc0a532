import { z } from 'zod';
import { PAGES } from './clientPages.ts';
import { answerSchemaOf, CITY_OFFICERS, ErrorAnswer, GUARDED, INTEGRATIONS, type Operation, OFFICERS, type Produces, READERS, REPORTERS, SIGNED_IN, WATCHERS } from './apiOperation.ts';
import { EVENT_OPERATIONS } from './eventApiOperations.ts';
import { FIELD_APP_OPERATIONS } from './fieldAppApiOperations.ts';
import { DEBRIEF_OPERATIONS } from './debriefApiOperations.ts';
import { AuthOptionsAnswer, EnrolAnswer, HealthAnswer, NotReadyAnswer, OpenApiDocumentAnswer, ReadyAnswer, SignInAnswer } from './answers/accessAnswers.ts';
import {
  BroadcastAmendedAnswer,
  BroadcastDraftedAnswer,
  BroadcastListAnswer,
  BroadcastSentAnswer,
  BroadcastWithProgressAnswer,
  DraftListAnswer,
  DraftRejectedAnswer,
  PreviewAnswer,
  StragglersAnswer,
} from './answers/broadcastAnswers.ts';
import { CityServicesAnswer, CityVersionsAnswer, GeoSummaryAnswer, LocateAnswer, MapConfigAnswer, MapStyleAnswer, ModeAnswer, ModeSwitchedAnswer, UnitsAnswer } from './answers/cityAnswers.ts';
import {
  AuditAnswer,
  DeliveryListAnswer,
  DeliveryResentAnswer,
  OPEN311_REFUSALS,
  Open311CreatedAnswer,
  Open311RequestsAnswer,
  Open311ServicesAnswer,
  WarningReceivedAnswer,
  WebhookAnswer,
  WebhookCreatedAnswer,
  WebhookListAnswer,
} from './answers/integrationAnswers.ts';
import { DepthTrendAnswer, ReadingsAcceptedAnswer, SensorAnswer, SensorListAnswer, SensorSummaryAnswer } from './answers/sensorAnswers.ts';
import { EnrolRequest, LoginRequest, RefreshRequest } from '../../common/domain/auth.ts';
import { BroadcastSendRequest, RejectDraftRequest } from '../../common/domain/broadcasts.ts';
import { LocateQuery } from '../../common/domain/geo.ts';
import { ModeChange } from '../../common/domain/modes.ts';
import { SensorReadingBatch } from '../../common/domain/sensors.ts';
import { DeliveryListQuery, WebhookCommand } from '../../common/domain/webhooks.ts';
import { AuditQuery } from './auditRouter.ts';
import { BroadcastUpdateRequest, PreviewRequest } from './broadcastsRouter.ts';
import { UnitsQuery } from './geoRouter.ts';
import { StyleQuery } from './mapRouter.ts';
import { Open311CreateRequest, Open311SearchQuery } from './open311Router.ts';
import { SensorListQuery } from './sensorsRouter.ts';

/**
 * Every route the server has: the source of `GET /api/openapi.json`. Request bodies and queries
 * are the zod schemas the routers check with, turned into JSON Schema here; a test holds this
 * list and the routes Express actually serves to each other.
 */
export const API_OPERATIONS: Operation[] = [
  { method: 'get', path: '/', summary: 'Redirects to the wall', tag: 'pages', access: 'public', responses: { 302: 'to /wall' }, produces: 'html' },
  // Each page is served at `/page/` too; the document names the one path (no trailing slashes).
  ...PAGES.map(
    (page): Operation => ({
      method: 'get',
      path: `/${page}`,
      summary: `The ${page} page (signs in by itself; also at /${page}/)`,
      tag: 'pages',
      access: 'public',
      responses: { 200: 'the page', 503: 'the client is not built' },
      produces: 'html',
    }),
  ),

  {
    method: 'get',
    path: '/api/health',
    summary: 'Liveness: the process answers',
    tag: 'operations',
    access: 'public',
    responses: { 200: '{ status, uptimeMs, serverTimeMs }' },
    answers: { 200: HealthAnswer },
  },
  {
    method: 'get',
    path: '/api/ready',
    summary: 'Readiness: the store answers at the expected schema, Redis answers (with REDIS_URL; `redis` lists the leases this node holds), and the node is not draining',
    tag: 'operations',
    access: 'public',
    responses: { 200: 'ready', 503: '{ ready: false, reasons }' },
    answers: { 200: ReadyAnswer, 503: NotReadyAnswer },
  },
  { method: 'get', path: '/api/openapi.json', summary: 'This document', tag: 'operations', access: 'public', responses: { 200: 'OpenAPI 3.1' }, answers: { 200: OpenApiDocumentAnswer } },
  {
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics of this node',
    tag: 'operations',
    access: 'metrics',
    responses: { 200: 'Prometheus text', 401: 'METRICS_TOKEN is set and was not sent', 403: 'no METRICS_TOKEN and METRICS_PUBLIC off (production’s default)' },
    produces: 'text',
  },

  { method: 'get', path: '/api/auth/options', summary: 'Whether demo accounts are on', tag: 'auth', access: 'public', responses: { 200: '{ demo }' }, answers: { 200: AuthOptionsAnswer } },
  {
    method: 'post',
    path: '/api/auth/login',
    summary: 'Sign in: an access token and a refresh token',
    tag: 'auth',
    access: 'public',
    body: LoginRequest,
    responses: { 200: '{ token, refreshToken, expiresAtMs, username, role, unit, department }', 400: 'bad field', 401: 'wrong username or password', 429: 'too many failures' },
    answers: { 200: SignInAnswer },
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
    answers: { 200: SignInAnswer },
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
    answers: { 200: EnrolAnswer },
  },

  {
    method: 'get',
    path: '/api/map/config',
    summary: 'Where the map style comes from',
    tag: 'map',
    access: 'public',
    responses: { 200: '{ baseStyleUrl, cityStyleUrl, view }' },
    answers: { 200: MapConfigAnswer },
  },
  {
    method: 'get',
    path: '/api/map/style.json',
    summary: 'The offline map style',
    tag: 'map',
    access: 'public',
    query: StyleQuery,
    responses: { 200: 'MapLibre style', 400: 'bad field' },
    answers: { 200: MapStyleAnswer },
  },
  {
    method: 'get',
    path: '/api/map/tiles/:z/:x/:y.pbf',
    summary: 'A vector tile of the city',
    tag: 'map',
    access: 'public',
    responses: { 200: 'Mapbox vector tile', 204: 'empty tile', 400: 'bad field' },
    produces: 'protobuf',
  },

  {
    method: 'get',
    path: '/api/geo/summary',
    summary: 'Districts, streets, grids and workers counted',
    tag: 'geography',
    access: SIGNED_IN,
    responses: { 200: 'GeoSummary', ...GUARDED },
    answers: { 200: GeoSummaryAnswer },
  },
  {
    method: 'get',
    path: '/api/geo/units',
    summary: 'The units under a parent (districts when none)',
    tag: 'geography',
    access: SIGNED_IN,
    query: UnitsQuery,
    responses: { 200: '{ parent, units }', 400: 'bad field', 404: 'no such parent', ...GUARDED },
    answers: { 200: UnitsAnswer },
  },
  {
    method: 'get',
    path: '/api/geo/locate',
    summary: 'Where in the hierarchy a point is',
    tag: 'geography',
    access: SIGNED_IN,
    query: LocateQuery,
    responses: { 200: '{ lng, lat } and the GridPath', 400: 'bad field', 404: 'outside the city', ...GUARDED },
    answers: { 200: LocateAnswer },
  },
  {
    method: 'get',
    path: '/api/city/versions',
    summary: 'The imported city versions (who, when, counts by level) and the one in use (0: the generated city)',
    tag: 'geography',
    access: OFFICERS,
    responses: { 200: '{ inUse, versions }', ...GUARDED },
    answers: { 200: CityVersionsAnswer },
  },
  {
    method: 'post',
    path: '/api/warnings',
    summary:
      'A CAP 1.2 alert (application/xml, text/xml or application/cap+xml; at most 512 KB) from another system: checked, stored once by sender and identifier, its area placed on the city’s units, made a draft broadcast for an officer to approve; an Update or Cancel withdraws the drafts of the alerts it follows',
    tag: 'broadcasts',
    access: INTEGRATIONS,
    responses: { 201: '{ id, draftBroadcastId }', 200: 'the same alert again: the first’s ids', 400: 'not a CAP 1.2 alert we can place (the reason)', 415: 'not XML', ...GUARDED },
    answers: { 200: WarningReceivedAnswer, 201: WarningReceivedAnswer },
  },
  {
    method: 'get',
    path: '/api/cap/feed.atom',
    summary: 'The city’s broadcasts as an Atom feed of CAP 1.2 alerts (newest 50; exercises marked): integrations, or anyone with CAP_FEED_PUBLIC=1',
    tag: 'broadcasts',
    access: INTEGRATIONS,
    produces: 'atom',
    responses: { 200: 'application/atom+xml', ...GUARDED },
  },
  {
    method: 'post',
    path: '/api/webhooks',
    summary:
      'Subscribe a URL (on a host in WEBHOOK_ALLOWED_HOSTS) to event.created, event.changed, event.closed, broadcast.sent, broadcast.completed, optionally one unit’s; signed deliveries, at least once, in order per event',
    tag: 'webhooks',
    access: INTEGRATIONS,
    body: WebhookCommand,
    responses: { 201: '{ id, secret, url, events, area, createdAtMs } (the secret shown only now)', 400: 'bad field', 409: 'too many subscriptions', ...GUARDED },
    answers: { 201: WebhookCreatedAnswer },
  },
  {
    method: 'get',
    path: '/api/webhooks',
    summary: 'The caller’s subscriptions',
    tag: 'webhooks',
    access: INTEGRATIONS,
    responses: { 200: '{ webhooks }', ...GUARDED },
    answers: { 200: WebhookListAnswer },
  },
  {
    method: 'get',
    path: '/api/webhooks/:id',
    summary: 'One of the caller’s subscriptions',
    tag: 'webhooks',
    access: INTEGRATIONS,
    responses: { 200: 'the webhook', 404: 'none of yours', ...GUARDED },
    answers: { 200: WebhookAnswer },
  },
  {
    method: 'delete',
    path: '/api/webhooks/:id',
    summary: 'End a subscription (its pending deliveries fail as cancelled)',
    tag: 'webhooks',
    access: INTEGRATIONS,
    responses: { 204: 'deleted', 404: 'none of yours', ...GUARDED },
  },
  {
    method: 'get',
    path: '/api/webhooks/:id/deliveries',
    summary: 'A subscription’s deliveries, newest first: state, attempts, last status and error, next attempt',
    tag: 'webhooks',
    access: INTEGRATIONS,
    query: DeliveryListQuery,
    responses: { 200: '{ deliveries }', 400: 'bad field', 404: 'none of yours', ...GUARDED },
    answers: { 200: DeliveryListAnswer },
  },
  {
    method: 'post',
    path: '/api/webhooks/:id/deliveries/:deliveryId/resend',
    summary: 'Send a failed delivery again (another 24 h of retries)',
    tag: 'webhooks',
    access: INTEGRATIONS,
    responses: { 200: '{ id, state }', 404: 'no such failed delivery', ...GUARDED },
    answers: { 200: DeliveryResentAnswer },
  },
  {
    method: 'get',
    path: '/api/city/services',
    summary: 'The city’s departments (code, names, district) and, per category, its departments, dispatch and targets (ms): what the pages label and the server routes by',
    tag: 'geography',
    access: 'public',
    responses: { 200: '{ departments, categories }' },
    answers: { 200: CityServicesAnswer },
  },

  ...EVENT_OPERATIONS,
  ...FIELD_APP_OPERATIONS,
  ...DEBRIEF_OPERATIONS,

  {
    method: 'post',
    path: '/api/sensors/readings',
    summary: 'A batch of up to 10,000 sensor readings',
    tag: 'sensors',
    access: REPORTERS,
    body: SensorReadingBatch,
    responses: { 200: '{ accepted, alertsOpened, alertsClosed }', 400: 'bad field', 413: 'body too large', 429: 'past capacity: Retry-After', ...GUARDED },
    answers: { 200: ReadingsAcceptedAnswer },
  },
  {
    method: 'get',
    path: '/api/sensors',
    summary: 'Sensors by kind, level or place',
    tag: 'sensors',
    access: READERS,
    query: SensorListQuery,
    responses: { 200: '{ total, sensors }', 400: 'bad field', ...GUARDED },
    answers: { 200: SensorListAnswer },
  },
  {
    method: 'get',
    path: '/api/sensors/summary',
    summary: 'Devices online and in alarm, by kind',
    tag: 'sensors',
    access: READERS,
    responses: { 200: 'SensorSummary', ...GUARDED },
    answers: { 200: SensorSummaryAnswer },
  },
  {
    method: 'get',
    path: '/api/sensors/:id',
    summary: 'One sensor and its state',
    tag: 'sensors',
    access: READERS,
    responses: { 200: 'the sensor', 404: 'no such sensor', ...GUARDED },
    answers: { 200: SensorAnswer },
  },
  {
    method: 'get',
    path: '/api/sensors/:id/trend',
    summary: "A waterlogging point's recent depths",
    tag: 'sensors',
    access: READERS,
    responses: { 200: 'DepthTrend', 404: 'no such point', ...GUARDED },
    answers: { 200: DepthTrendAnswer },
  },

  { method: 'get', path: '/api/mode', summary: 'The operating mode and its history', tag: 'modes', access: READERS, responses: { 200: '{ mode, history }', ...GUARDED }, answers: { 200: ModeAnswer } },
  {
    method: 'post',
    path: '/api/mode',
    summary: "Switches the city's operating mode",
    tag: 'modes',
    access: CITY_OFFICERS,
    body: ModeChange,
    responses: { 200: '{ mode }: the new mode', 400: 'bad field', ...GUARDED },
    answers: { 200: ModeSwitchedAnswer },
  },

  {
    method: 'post',
    path: '/api/broadcasts/preview',
    summary: 'How many workers a scope reaches',
    tag: 'broadcasts',
    access: OFFICERS,
    body: PreviewRequest,
    responses: { 200: '{ targeted }', 400: 'bad field', ...GUARDED },
    answers: { 200: PreviewAnswer },
  },
  {
    method: 'post',
    path: '/api/broadcasts',
    summary: 'Sends a broadcast (stored before any phone hears of it); one BROADCAST_APPROVAL names (city-wide, flash) waits as a draft for a second officer, unless sent with override: { reason }',
    tag: 'broadcasts',
    access: OFFICERS,
    body: BroadcastSendRequest,
    responses: { 201: '{ id, targeted }', 202: "{ id, state: 'awaitingApproval', targeted }", 400: 'bad field', ...GUARDED },
    answers: { 201: BroadcastSentAnswer, 202: BroadcastDraftedAnswer },
  },
  {
    method: 'get',
    path: '/api/broadcasts/drafts',
    summary: 'Drafts waiting for a second officer: the caller’s own, and those the caller may approve (mayApprove)',
    tag: 'broadcasts',
    access: OFFICERS,
    responses: { 200: '{ drafts }', ...GUARDED },
    answers: { 200: DraftListAnswer },
  },
  {
    method: 'post',
    path: '/api/broadcasts/:id/approve',
    summary: 'Approve a draft and send it now, under its id (not its sender; an officer whose area holds its scope); the clock starts here',
    tag: 'broadcasts',
    access: OFFICERS,
    responses: { 201: '{ id, targeted }', 404: 'no such draft', 409: 'decided already', ...GUARDED, 403: 'not an officer; the draft is your own; or beyond your area' },
    answers: { 201: BroadcastSentAnswer },
  },
  {
    method: 'post',
    path: '/api/broadcasts/:id/reject',
    summary: 'Reject a draft with the reason (or withdraw one’s own)',
    tag: 'broadcasts',
    access: OFFICERS,
    body: RejectDraftRequest,
    responses: { 200: "{ id, state: 'rejected' }", 400: 'bad field', 404: 'no such draft', 409: 'decided already', ...GUARDED, 403: 'not an officer, or beyond your area' },
    answers: { 200: DraftRejectedAnswer },
  },
  {
    method: 'get',
    path: '/api/broadcasts',
    summary: 'Recent broadcasts and their progress',
    tag: 'broadcasts',
    access: WATCHERS,
    responses: { 200: '{ broadcasts }', ...GUARDED },
    answers: { 200: BroadcastListAnswer },
  },
  {
    method: 'get',
    path: '/api/broadcasts/:id',
    summary: 'A broadcast and its progress',
    tag: 'broadcasts',
    access: WATCHERS,
    responses: { 200: '{ broadcast, progress }', 404: 'no such broadcast', ...GUARDED },
    answers: { 200: BroadcastWithProgressAnswer },
  },
  {
    method: 'get',
    path: '/api/broadcasts/:id/cap',
    summary: 'The broadcast as a CAP 1.2 alert',
    tag: 'broadcasts',
    access: WATCHERS,
    produces: 'xml',
    responses: { 200: 'CAP XML', 404: 'no such broadcast', ...GUARDED },
  },
  {
    method: 'get',
    path: '/api/broadcasts/:id/stragglers',
    summary: 'Who has not confirmed, by grid',
    tag: 'broadcasts',
    access: OFFICERS,
    responses: { 200: '{ grids }', 404: 'no such broadcast', ...GUARDED },
    answers: { 200: StragglersAnswer },
  },
  {
    method: 'post',
    path: '/api/broadcasts/:id/update',
    summary: "Replaces a broadcast's content (its sender's unit or the city centre)",
    tag: 'broadcasts',
    access: OFFICERS,
    body: BroadcastUpdateRequest,
    responses: { 200: '{ broadcast }', 400: 'bad field', 404: 'no such broadcast', 409: 'cancelled or no longer followed', ...GUARDED },
    answers: { 200: BroadcastAmendedAnswer },
  },
  {
    method: 'post',
    path: '/api/broadcasts/:id/cancel',
    summary: 'Cancels a broadcast (its sender’s unit or the city centre)',
    tag: 'broadcasts',
    access: OFFICERS,
    responses: { 200: '{ broadcast }', 404: 'no such broadcast', 409: 'no longer followed', ...GUARDED },
    answers: { 200: BroadcastAmendedAnswer },
  },

  {
    method: 'get',
    path: '/api/audit',
    summary: 'The audit log, newest first',
    tag: 'operations',
    access: CITY_OFFICERS,
    query: AuditQuery,
    responses: { 200: '{ entries }', 400: 'bad field', ...GUARDED },
    answers: { 200: AuditAnswer },
  },

  {
    method: 'get',
    path: '/open311/v2/services.json',
    summary: 'Open311 GeoReport v2: the service list',
    tag: 'open311',
    access: 'public',
    responses: { 200: 'services' },
    answers: { 200: Open311ServicesAnswer },
  },
  {
    method: 'post',
    path: '/open311/v2/requests.json',
    summary: 'Open311: report a service request (api_key)',
    tag: 'open311',
    access: REPORTERS,
    body: Open311CreateRequest,
    form: true,
    responses: { 201: '[{ service_request_id, service_notice, account_id }]', 400: 'bad field', 409: 'conflicts with a stored request: send it again', 429: 'past capacity', ...GUARDED },
    answers: { 201: Open311CreatedAnswer, ...OPEN311_REFUSALS },
  },
  {
    method: 'get',
    path: '/open311/v2/requests.json',
    summary: 'Open311: search service requests over any range, newest first, a page (page, page_size ≤ 1000) at a time (api_key, unless OPEN311_PUBLIC_READ)',
    tag: 'open311',
    access: REPORTERS,
    query: Open311SearchQuery,
    responses: { 200: 'service requests', 400: 'bad field', ...GUARDED },
    answers: { 200: Open311RequestsAnswer, ...OPEN311_REFUSALS },
  },
  {
    method: 'get',
    path: '/open311/v2/requests/:id.json',
    summary: 'Open311: one service request',
    tag: 'open311',
    access: REPORTERS,
    responses: { 200: '[service request]', 404: 'no such request', ...GUARDED },
    answers: { 200: Open311RequestsAnswer, ...OPEN311_REFUSALS },
  },
];

/** `/api/events/:id` → `/api/events/{id}`; `/tiles/:z/:x/:y.pbf` → `/tiles/{z}/{x}/{y}.pbf`; `/wall/` → `/wall`. */
export const openApiPath = (expressPath: string) => expressPath.replace(/:([A-Za-z_]\w*)/g, '{$1}').replace(/(.)\/$/, '$1');

/**
 * A stable operationId from the method and the path, for client generators: `GET
 * /api/events/:id/transitions` → `getEventsByIdTransitions`, `/open311/v2/requests.json` →
 * `…Open311V2RequestsJson`. Unique as long as method and path are.
 */
export function operationIdOf(method: string, path: string): string {
  const words = path
    .replace(/^\/api(?=\/|$)/, '')
    .split(/[/.{}-]+/)
    .filter(Boolean)
    .map((part) => (part.startsWith(':') ? `By${part[1]!.toUpperCase()}${part.slice(2)}` : `${part[0]!.toUpperCase()}${part.slice(1)}`));
  return `${method}${words.join('') || 'Root'}`;
}

/** Any request may be refused before its route: a path or query holding text no store can keep is a 400. */
const AT_THE_DOOR = { 400: 'a path or query holding text no store can keep (NUL, lone surrogates)' };

/** A zod schema as JSON Schema: what a request may send (`input`), or what an answer holds (`output`). */
const jsonSchema = (schema: z.ZodType, io: 'input' | 'output' = 'input') => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', reused: 'inline', target: 'draft-2020-12' }) as Record<string, unknown>;
  return rest;
};

const MEDIA: Record<Produces, string> = {
  json: 'application/json',
  html: 'text/html',
  protobuf: 'application/x-protobuf',
  text: 'text/plain',
  xml: 'application/xml',
  jpeg: 'image/jpeg',
  atom: 'application/atom+xml',
};

/** A response's content: a JSON answer with its schema (refusals share one), other media as they are. */
function contentOf(op: Operation, status: number) {
  if (status === 204 || status === 302) return {};
  const schema = answerSchemaOf(op, status);
  // A refusal of the common shape names the shared schema; one of its own (Open311's, readiness's) is given in full.
  if (status >= 400) {
    // A page's or a link's refusal is a page too, as its success is: described in words only.
    if (op.produces === 'html' && !op.answers?.[status]) return {};
    return { content: { 'application/json': { schema: schema === ErrorAnswer ? { $ref: '#/components/schemas/Error' } : jsonSchema(schema!, 'output') } } };
  }
  return { content: { [MEDIA[op.produces ?? 'json']]: schema ? { schema: jsonSchema(schema, 'output') } : {} } };
}

function operationObject(op: Operation) {
  const pathParams = [...op.path.matchAll(/:([A-Za-z_]\w*)/g)].map(([, name]) => ({ name, in: 'path', required: true, schema: { type: 'string', maxLength: 200 } }));
  const queryShape = op.query ? (jsonSchema(op.query) as { properties?: Record<string, object>; required?: string[] }) : null;
  const queryParams = Object.entries(queryShape?.properties ?? {}).map(([name, schema]) => ({ name, in: 'query', required: queryShape?.required?.includes(name) ?? false, schema }));
  const roles = typeof op.access === 'object' ? op.access : null;
  const responses: Record<string, string> = Object.keys(op.responses).some((s) => s.startsWith('4')) ? { ...op.responses } : { ...op.responses, ...AT_THE_DOOR };
  return {
    operationId: operationIdOf(op.method, op.path),
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
    responses: Object.fromEntries(Object.entries(responses).map(([status, description]) => [status, { description, ...contentOf(op, Number(status)) }])),
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
      license: { name: 'MIT', identifier: 'MIT' },
    },
    // Paths are relative to wherever this document was fetched from.
    servers: [{ url: '/', description: 'this City Brain server' }],
    components: {
      schemas: { Error: jsonSchema(ErrorAnswer, 'output') },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An access token from /api/auth/login, or an integration API key (cbk_…)' },
        open311Key: { type: 'apiKey', in: 'query', name: 'api_key' },
        metricsToken: { type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN, when the node sets one' },
      },
    },
    paths,
  };
}
