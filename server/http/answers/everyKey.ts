import { z } from 'zod';

/**
 * An object with a property for each key, all of one schema: what `z.record` over an enum
 * means, spelled out so that the JSON Schema lists every property it requires.
 */
export const everyKey = <K extends string, S extends z.ZodType>(keys: readonly K[], schema: S) => z.object(Object.fromEntries(keys.map((key) => [key, schema])) as Record<K, S>);
