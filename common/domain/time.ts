import { z } from 'zod';

/** Milliseconds since the Unix epoch: every instant in the protocol is one of these. */
export const EpochMs = z.number().int().nonnegative().brand<'EpochMs'>();
export type EpochMs = z.infer<typeof EpochMs>;
export const epochMs = (ms: number): EpochMs => ms as EpochMs;

/** The last moment a query or command may name, epoch ms: the end of the year 9999. */
export const LATEST_MOMENT_MS = 253_402_300_799_000;

/** A moment given in a query or a command, epoch ms: from 2000-01-01 (nothing the city keeps is older) to the year 9999. */
export const MomentMs = z.coerce.number({ error: 'must be a time in epoch ms' }).int('must be a whole number of ms').min(946_684_800_000, 'must be after 2000-01-01').max(LATEST_MOMENT_MS);
