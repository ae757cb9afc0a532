/**
 * Duties one node runs for all: the walls' feed with broadcast progress, the SLA sweep's
 * escalations, telling grid leaders of stragglers, putting right the sensor alerts a dead node
 * left undone, the nightly retention run, and sending webhooks.
 */
export const DUTIES = ['feed', 'sla', 'stragglers', 'alerts', 'retention', 'webhooks'] as const;
export type Duty = (typeof DUTIES)[number];
