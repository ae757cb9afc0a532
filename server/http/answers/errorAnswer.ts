import { z } from 'zod';

/** Every refusal's body (4xx, 5xx): what went wrong and, on a 400, the fields at fault. */
export const ErrorAnswer = z.object({ error: z.string(), fields: z.array(z.string()).optional() });
