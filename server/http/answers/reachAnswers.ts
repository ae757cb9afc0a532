import { z } from 'zod';

export const ATTEMPT_STATES = ['claimed', 'sending', 'made', 'failed'] as const;
const StateCounts = z.object(Object.fromEntries(ATTEMPT_STATES.map((s) => [s, z.number()])) as Record<(typeof ATTEMPT_STATES)[number], z.ZodNumber>);

/** `GET /api/broadcasts/:id/reach`: what was tried beyond the socket, per worker of the caller's area. */
export const ReachAnswer = z.object({
  id: z.string(),
  /** Per channel, attempts by state; for SMS also the links opened (delivered) and confirmed. */
  byChannel: z.object({ push: StateCounts, sms: StateCounts.extend({ opened: z.number(), confirmed: z.number() }) }),
  /**
   * Per district of the caller's area: workers pushed and texted, and of them those whose receipt
   * came after the push (the app opened from its notification) or by the SMS link.
   */
  byDistrict: z.array(z.object({ code: z.string(), name: z.string(), pushed: z.number(), texted: z.number(), deliveredAfterPush: z.number(), deliveredBySms: z.number() })),
  /** Workers tried, in all (the list holds at most `limit`). */
  total: z.number(),
  attempts: z.array(
    z.object({
      worker: z.string(),
      name: z.string(),
      gridCode: z.string(),
      channel: z.enum(['push', 'sms']),
      state: z.enum(['claimed', 'sending', 'made', 'failed']),
      atMs: z.number(),
      tries: z.number(),
      detail: z.string().nullable(),
      openedAtMs: z.number().nullable(),
      confirmedAtMs: z.number().nullable(),
      deliveredAtMs: z.number().nullable(),
    }),
  ),
});
