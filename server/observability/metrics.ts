import type { NextFunction, Request, Response } from 'express';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** What a store reports of each commit: which writes, how many, how long it took (ms). */
export interface StoreTimer {
  committed(operation: StoreOperation, writes: number, durationMs: number): void;
}
export type StoreOperation = 'events' | 'receipts';
export const NO_STORE_TIMER: StoreTimer = { committed: () => {} };

/** Read when Prometheus scrapes: the live figures of this node, asked of their owners. */
export interface LiveFigures {
  socketsByNamespace: () => Record<string, number>;
  pendingSockets: () => number;
  broadcastsInFlight: () => number;
  receiptsPending: () => number;
  /** Age of the oldest receipt not yet committed, ms (0 when none waits). */
  receiptsLagMs: () => number;
  eventWriteBacklog: () => number;
  /** How long the oldest event write not yet committed has waited, ms (0 when none waits). */
  eventWriteWaitMs: () => number;
  /**
   * The newest broadcast: ms from sending until every phone connected then had it, or since
   * sending while some have not yet; null with no broadcast followed live.
   */
  broadcastReachMs: () => number | null;
  /** The worst event-loop delay of the last window, ms, and whether intake is being shed. */
  eventLoopLagMs: () => number;
  shedding: () => boolean;
  /** With Redis: each duty, and whether this node holds its lease now. */
  leases?: () => Record<string, boolean>;
}

const SECONDS_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * This node's Prometheus metrics (`GET /metrics`), one registry per server so that several in one
 * process (the tests) never mix their counts. Names are `citybrain_*`, in base units (seconds);
 * Node's own (heap, GC, event loop) come from prom-client's defaults.
 */
export class NodeMetrics implements StoreTimer {
  readonly registry = new Registry();
  private readonly intakeRequests: Counter<'route' | 'status'>;
  private readonly intakeSeconds: Histogram<'route'>;
  private readonly storeSeconds: Histogram<'operation'>;
  private readonly storeWrites: Counter<'operation'>;
  private readonly eventsCreated: Counter<'channel'>;

  constructor(nodeIndex: number) {
    this.registry.setDefaultLabels({ node: String(nodeIndex) });
    collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    this.intakeRequests = new Counter({ name: 'citybrain_intake_requests_total', help: 'Intake requests answered, by route and status code', labelNames: ['route', 'status'], registers });
    this.intakeSeconds = new Histogram({ name: 'citybrain_intake_seconds', help: 'Intake request to answer (after the commit), seconds', labelNames: ['route'], buckets: SECONDS_BUCKETS, registers });
    this.storeSeconds = new Histogram({ name: 'citybrain_store_commit_seconds', help: 'One group commit to the store, seconds', labelNames: ['operation'], buckets: SECONDS_BUCKETS, registers });
    this.storeWrites = new Counter({ name: 'citybrain_store_writes_total', help: 'Rows committed to the store', labelNames: ['operation'], registers });
    this.eventsCreated = new Counter({ name: 'citybrain_events_created_total', help: 'New events stored, by channel', labelNames: ['channel'], registers });
  }

  /** Gauges read from their owners at each scrape (no timers of their own). */
  watch(live: LiveFigures): void {
    const registers = [this.registry];
    new Gauge({
      name: 'citybrain_sockets',
      help: 'Signed-in Socket.IO connections on this node, by namespace',
      labelNames: ['namespace'],
      registers,
      collect() {
        for (const [namespace, count] of Object.entries(live.socketsByNamespace())) this.set({ namespace }, count);
      },
    });
    const gauge = (name: string, help: string, read: () => number) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          this.set(read());
        },
      });
    gauge('citybrain_sockets_pending', 'Connections still signing in', live.pendingSockets);
    gauge('citybrain_broadcasts_in_flight', 'Broadcasts followed live (within their tracking window, not cancelled)', live.broadcastsInFlight);
    gauge('citybrain_receipts_pending', 'Receipts acknowledged to nobody yet: waiting for their commit', live.receiptsPending);
    gauge('citybrain_receipts_lag_seconds', 'Age of the oldest receipt waiting for its commit, seconds', () => live.receiptsLagMs() / 1000);
    gauge('citybrain_event_write_backlog', 'Event writes waiting for their commit', live.eventWriteBacklog);
    gauge('citybrain_event_write_wait_seconds', 'How long the oldest event write not yet committed has waited, seconds', () => live.eventWriteWaitMs() / 1000);
    gauge(
      'citybrain_broadcast_reach_seconds',
      'Newest broadcast: sending until every connected phone had it (or since sending, while not all have), seconds; 0 without one',
      () => (live.broadcastReachMs() ?? 0) / 1000,
    );
    gauge('citybrain_event_loop_lag_seconds', 'Worst event-loop delay of the last half second, seconds', () => live.eventLoopLagMs() / 1000);
    gauge('citybrain_shedding', '1 while intake is shed (429) past capacity', () => (live.shedding() ? 1 : 0));
    const leases = live.leases;
    if (leases)
      new Gauge({
        name: 'citybrain_lease_held',
        help: '1 while this node holds the duty’s lease (wall feed, SLA sweep, stragglers, alerts, retention)',
        labelNames: ['lease'],
        registers,
        collect() {
          for (const [lease, held] of Object.entries(leases())) this.set({ lease }, held ? 1 : 0);
        },
      });
  }

  committed(operation: StoreOperation, writes: number, durationMs: number): void {
    this.storeSeconds.observe({ operation }, durationMs / 1000);
    this.storeWrites.inc({ operation }, writes);
  }

  eventCreated(channel: string): void {
    this.eventsCreated.inc({ channel });
  }

  /** Middleware for an intake route: counts each answer by status and times it, request to answer. */
  intake(route: string) {
    return (_req: Request, res: Response, next: NextFunction): void => {
      const started = performance.now();
      res.once('finish', () => {
        this.intakeRequests.inc({ route, status: String(res.statusCode) });
        this.intakeSeconds.observe({ route }, (performance.now() - started) / 1000);
      });
      next();
    };
  }
}
