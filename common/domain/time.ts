import { z } from 'zod';

/** Milliseconds since the Unix epoch: every instant in the protocol is one of these. */
export const EpochMs = z.number().int().nonnegative().brand<'EpochMs'>();
export type EpochMs = z.infer<typeof EpochMs>;
export const epochMs = (ms: number): EpochMs => ms as EpochMs;
