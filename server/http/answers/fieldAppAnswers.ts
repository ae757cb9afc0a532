import { z } from 'zod';

/** `GET /api/push/vapid-public-key`: the deployment's VAPID public key, base64url. */
export const VapidKeyAnswer = z.object({ publicKey: z.string() });

/** `POST /api/push/subscriptions` → 201: the subscription kept, and when (epoch ms). */
export const PushSubscribedAnswer = z.object({ endpoint: z.string(), createdAtMs: z.number() });
