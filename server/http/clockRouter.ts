import { Router } from 'express';
import { z } from 'zod';
import type { Authenticator } from '../auth/authenticator.ts';
import { requireRole } from '../auth/authMiddleware.ts';
import type { DomainClock } from '../time/domainClock.ts';
import type { Logger } from '../logger.ts';
import { badRequest } from './errors.ts';

/** How far ahead of real time a simulated clock may run, ms (a year: a fortnight's demo at ×20 is 280 days). */
const MAX_AHEAD_MS = 366 * 86_400_000;

export const ClockCommand = z.object({
  simulatedNowMs: z
    .number({ error: 'must be epoch milliseconds' })
    .int('must be whole milliseconds')
    .refine((ms) => ms >= Date.now() - MAX_AHEAD_MS && ms <= Date.now() + MAX_AHEAD_MS, 'must be within a year of real time'),
  speed: z.number({ error: 'must be a number' }).min(0.1, 'at least 0.1').max(1000, 'at most 1000'),
});

/**
 * `GET /api/clock` → `{ clock: { nowMs, speed, simulated } }`: the time of the city's affairs.
 * `POST /api/clock` `{ simulatedNowMs, speed }` (integrations: the simulator) makes it follow a
 * simulated clock; repeated every few seconds, or it runs on at real speed. Never steps back.
 * The POST exists only when `simulated` (the server runs the simulated city, or SIMULATION_CLOCK=1):
 * otherwise no integration key can move the city's time, and it answers 404 like any unknown route.
 */
export function clockRouter(clock: DomainClock, auth: Authenticator, logger: Logger, simulated: boolean): Router {
  const router = Router();
  router.get('/', requireRole(auth, 'officer', 'wall', 'integration', 'department'), (_req, res) => void res.json({ clock: clock.status }));
  if (!simulated) return router;
  router.post('/', requireRole(auth, 'integration'), (req, res) => {
    const command = ClockCommand.safeParse(req.body);
    if (!command.success) return badRequest(res, command.error);
    const wasSimulated = clock.status.simulated;
    clock.follow(command.data.simulatedNowMs, command.data.speed);
    if (!wasSimulated) logger.info({ by: req.principal!.username, speed: command.data.speed }, 'domain time now follows a simulated clock');
    res.json({ clock: clock.status });
  });
  return router;
}
