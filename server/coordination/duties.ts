/**
 * Duties one node runs for all: the walls' feed with broadcast progress, the SLA sweep's
 * escalations, telling grid leaders of stragglers, putting right the sensor alerts a dead node
 * left undone, the nightly retention run, sending webhooks, and reaching by Web Push the phones
 * whose app is closed.
 */
export const DUTIES = ['feed', 'sla', 'stragglers', 'alerts', 'retention', 'webhooks', 'reach'] as const;
export type Duty = (typeof DUTIES)[number];
