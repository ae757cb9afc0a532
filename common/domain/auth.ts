import { z } from 'zod';

/**
 * Who may do what: the wall only watches; integrations (hotline, sensor gateways, the simulator)
 * report and move events along for departments; officers do that and more; workers arrive with
 * the broadcast app.
 */
export const Role = z.enum(['wall', 'integration', 'officer', 'worker']);
export type Role = z.infer<typeof Role>;

export const LoginRequest = z.object({ username: z.string().trim().min(1, 'is required'), password: z.string().min(1, 'is required') });

export interface Principal {
  username: string;
  role: Role;
}
