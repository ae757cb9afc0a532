/**
 * Duties one node runs for all: the walls' feed with broadcast progress, the SLA sweep's
 * escalations, telling grid leaders of stragglers, and putting right the sensor alerts a dead node
 * left undone.
 */
export const DUTIES = ['feed', 'sla', 'stragglers', 'alerts'] as const;
export type Duty = (typeof DUTIES)[number];
