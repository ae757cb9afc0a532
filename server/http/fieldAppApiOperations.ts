import { PushSubscriptionRequest } from '../../common/domain/push.ts';
import { WorkerProfile } from '../../common/domain/workers.ts';
import { GUARDED, type Operation } from './apiOperation.ts';
import { ReachAnswer } from './answers/reachAnswers.ts';
import { ReachQuery } from './reachRouter.ts';
import { DrillQuery } from './drillsRouter.ts';
import { DrillAnswer } from './answers/drillAnswers.ts';
import { PushSubscribedAnswer, VapidKeyAnswer } from './answers/fieldAppAnswers.ts';

const WORKERS = { roles: ['worker'] };

/** The field app's own routes: who the phone is signed in as, its Web Push subscription; the SMS link for a phone without the app; what reached whom, and a drill's score. */
export const FIELD_APP_OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/api/workers/me',
    summary: 'The signed-in grid worker: roster id, name, role, grid (code and name) and micro-grid',
    tag: 'field',
    access: WORKERS,
    responses: { 200: '{ id, name, role, gridCode, gridName, microGridCode }', 404: 'the account is not on the city’s roster', ...GUARDED },
    answers: { 200: WorkerProfile },
  },
  {
    method: 'get',
    path: '/api/push/vapid-public-key',
    summary: 'The deployment’s VAPID public key (base64url), for PushManager.subscribe’s applicationServerKey',
    tag: 'field',
    access: WORKERS,
    responses: { 200: '{ publicKey }', ...GUARDED },
    answers: { 200: VapidKeyAnswer },
  },
  {
    method: 'post',
    path: '/api/push/subscriptions',
    summary:
      'Keep this phone’s push subscription (PushSubscription.toJSON()) for the signed-in worker: a broadcast they have not received by BROADCAST_PUSH_AFTER_MS comes by Web Push. The endpoint must be on a host PUSH_ENDPOINT_HOSTS lists',
    tag: 'field',
    access: WORKERS,
    body: PushSubscriptionRequest,
    responses: { 201: '{ endpoint, createdAtMs }', 400: 'bad field (endpoint: not a listed push service)', 404: 'the account is not on the city’s roster', ...GUARDED },
    answers: { 201: PushSubscribedAnswer },
  },
  {
    method: 'get',
    path: '/c/:code',
    summary:
      'The SMS ladder’s link (no sign-in; the one-time code is the credential, rate limited per address): shows the broadcast with a confirm button, and records its delivery to the worker it was texted to',
    tag: 'field',
    access: 'public',
    produces: 'html',
    responses: { 200: 'the broadcast’s page', 404: 'no such link', 410: 'the broadcast was cancelled', 429: 'too many requests from this address: Retry-After' },
  },
  {
    method: 'post',
    path: '/c/:code',
    summary: 'Confirms the broadcast by its SMS link (no body, no sign-in) — once: a used link changes nothing',
    tag: 'field',
    access: 'public',
    produces: 'html',
    responses: { 200: 'confirmed', 404: 'no such link', 409: 'confirmed already with this link', 410: 'the broadcast was cancelled', 429: 'too many requests from this address: Retry-After' },
  },
  {
    method: 'get',
    path: '/api/broadcasts/:id/reach',
    summary:
      'Proof by channel: each worker of the caller’s area tried beyond the socket — by Web Push, by SMS — with how it went (made, failed and why) and, for an SMS, when its link was opened and confirmed',
    tag: 'broadcasts',
    access: { roles: ['officer'] },
    query: ReachQuery,
    responses: { 200: '{ id, byChannel, total, attempts }', 400: 'bad field', 404: 'no such broadcast', ...GUARDED },
    answers: { 200: ReachAnswer },
  },
  {
    method: 'get',
    path: '/api/drills/:id',
    summary:
      'An exercise broadcast (演练) scored from its stored receipts, over the targets in the caller’s area: per district, street and grid (ranked: the most within 10 s first) the targeted, delivered and confirmed, the time to 50, 90 and 100 % and the share within 10 s; the trend over the earlier drills of the same scope; and who never confirmed, with their grid’s leader',
    tag: 'broadcasts',
    access: { roles: ['officer'] },
    query: DrillQuery,
    responses: {
      200: '{ broadcast, districts, streets, grids, trend, neverConfirmedTotal, neverConfirmed }',
      400: 'bad field',
      404: 'no such exercise, or none of its targets in your area',
      ...GUARDED,
    },
    answers: { 200: DrillAnswer },
  },
];
