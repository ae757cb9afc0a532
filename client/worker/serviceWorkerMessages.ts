/**
 * What the field app's page and its service worker say to each other. Types only: the service
 * worker is one classic script, importing nothing the page's chunks hold.
 */

/** The Background Sync tag the page registers when a report waits for signal. */
export type OutboxSyncTag = 'outbox';

/** The service worker asks an open page to send its outbox now… */
export type WorkerMessage = { type: 'outbox:flush' };
/** …and the page answers on the message's port with how many reports still wait. */
export type PageMessage = { waiting: number };
