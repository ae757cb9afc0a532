import { z } from 'zod';
import { type AuthOptions, Role, type SignInResult } from '../../../common/domain/auth.ts';
import type { HeldLease } from '../../coordination/leases.ts';
import type { StoreStatus } from '../../store/storeStatus.ts';
import { sameShape } from './sameShape.ts';

/** `GET /api/health`: the process answers; times in ms. */
export const HealthAnswer = z.object({ status: z.literal('ok'), uptimeMs: z.number(), serverTimeMs: z.number() });

/** The store as readiness probes it: its kind, whether it answers, how fast (ms), and its schema against the expected one. */
export const StoreProbeAnswer = z.object({
  kind: z.enum(['sqlite', 'postgres']),
  ok: z.boolean(),
  latencyMs: z.number(),
  /** Null: the store has no schema yet. */
  schemaVersion: z.number().int().nullable(),
  expectedSchemaVersion: z.number().int(),
});
sameShape<z.output<typeof StoreProbeAnswer>, Omit<StoreStatus, 'error'>>(true);

/** A lease this node holds in Redis; the epoch rises at every change of holder. */
export const HeldLeaseAnswer = z.object({ name: z.string(), epoch: z.number().int() });
sameShape<z.output<typeof HeldLeaseAnswer>, HeldLease>(true);

/** Redis as this node sees it: whether it answers and how fast (ms; null when it did not), this node's id, the nodes alive, the leases held here. */
export const RedisProbeAnswer = z.object({
  ok: z.boolean(),
  latencyMs: z.number().nullable(),
  node: z.string(),
  nodesAlive: z.number().int(),
  leases: z.array(HeldLeaseAnswer),
});

const readiness = {
  /** Why the node is not ready: empty when it is. */
  reasons: z.array(z.string()),
  store: StoreProbeAnswer,
  /** Null without REDIS_URL. */
  redis: RedisProbeAnswer.nullable(),
  draining: z.boolean(),
};

/** `GET /api/ready` 200: ready for traffic. */
export const ReadyAnswer = z.object({ ready: z.literal(true), ...readiness });

/** `GET /api/ready` 503: not ready, and why. */
export const NotReadyAnswer = z.object({ ready: z.literal(false), ...readiness });

/** `GET /api/openapi.json`: an OpenAPI 3.1 document, described no further here. */
export const OpenApiDocumentAnswer = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
});

/** `GET /api/auth/options`. */
export const AuthOptionsAnswer = z.object({ demo: z.boolean() });
sameShape<z.output<typeof AuthOptionsAnswer>, AuthOptions>(true);

/** A sign-in (login, refresh): the tokens, when the access token stops working (epoch ms), and who signed in. */
export const SignInAnswer = z.object({
  token: z.string(),
  expiresAtMs: z.number(),
  refreshToken: z.string(),
  username: z.string(),
  role: Role,
  unit: z.string().nullable(),
  department: z.string().nullable(),
});
sameShape<z.output<typeof SignInAnswer>, SignInResult>(true);

/** An enrolment: a sign-in, and the phone's device credential (shown only now). */
export const EnrolAnswer = SignInAnswer.extend({ credential: z.string() });
