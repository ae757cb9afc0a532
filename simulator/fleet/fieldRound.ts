import type { LeanWorker } from './leanWorkerClient.ts';
import { metresBetweenFixes, onShift, startWalker, type Walker, walk } from './patrol.ts';

/** A phone shares its position this often on duty, real ms (the app's pace). */
export const FIX_EVERY_MS = 30_000;
/** The round's tick, real ms: each tick serves one slot of workers, so fixes are spread evenly. */
const TICK_MS = 250;
const SLOTS = FIX_EVERY_MS / TICK_MS;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
/** A verification finds the reported problem this often (核查属实). */
const CONFIRMED_SHARE = 0.85;
/** A phone waits at least this long between two fixes, real ms (the server refuses closer than 5 s). */
const MIN_FIX_GAP_MS = 5_500;
/** At most this many acknowledgement times are kept for the figures (a sample of the latest). */
const MAX_ACK_SAMPLES = 50_000;

/** What a worker's phone signed in with: the access token and, when it signed in through REST, how to renew it. */
export interface PhoneAuth {
  token: string;
  refreshToken?: string;
  expiresAtMs?: number;
}

interface FieldWorker {
  id: string;
  phone: LeanWorker;
  auth: PhoneAuth;
  walker: Walker;
  shift: number;
  onDuty: boolean;
  /** A duty change is on its way. */
  changing: boolean;
  lastFixRealMs: number;
}

export interface FieldTally {
  onDuty: number;
  positions: number;
  refused: number;
  dutyChanges: number;
  reports: number;
  reportsFailed: number;
  tasksAccepted: number;
  tasksDone: number;
  tasksFailed: number;
}

export interface PatrolReport {
  category: string;
  description: string;
  externalId: string;
}

/**
 * The field side of simulated grid workers, in one fleet process: on shift they go on duty
 * (duty:set) and walk their grid, sharing a position every 30 s (position:update); off shift they
 * go off duty. They report problems where they stand (POST /api/events, gridPatrol, their own
 * token) when the simulated day has one for them, and sign for and complete the tasks the server
 * pushes to them (task:assigned). All through the public protocol, on the simulated clock.
 */
export class FieldRound {
  readonly tally: FieldTally = { onDuty: 0, positions: 0, refused: 0, dutyChanges: 0, reports: 0, reportsFailed: 0, tasksAccepted: 0, tasksDone: 0, tasksFailed: 0 };
  /** Acknowledgement times of positions, real ms (a sample). */
  readonly ackMs: number[] = [];
  private readonly workers: FieldWorker[] = [];
  private readonly byId = new Map<string, FieldWorker>();
  private readonly slots: FieldWorker[][] = Array.from({ length: SLOTS }, () => []);
  /** Token renewals under way, by worker (one at a time each). */
  private readonly renewals = new Map<FieldWorker, Promise<void>>();
  private tickCount = 0;
  private timer: NodeJS.Timeout | null = null;
  /** The simulated clock as last told; null until the simulator tells it (nothing moves before). */
  private clock: { simNowMs: number; speed: number; atRealMs: number } | null = null;
  private stopped = false;
  /** A benchmark's plan: everyone on duty or off it (null: by shift), and whether phones off duty send anyway (to be refused). */
  private plan: { onDuty: boolean | null; sendOffDuty: boolean } = { onDuty: null, sendOffDuty: false };

  constructor(
    private readonly url: string,
    private readonly random: () => number,
  ) {}

  /** Simulated time now, epoch ms. */
  get simNowMs(): number {
    return this.clock ? this.clock.simNowMs + (Date.now() - this.clock.atRealMs) * this.clock.speed : Date.now();
  }

  private get speed(): number {
    return this.clock?.speed ?? 1;
  }

  /** The simulated clock, as the simulator tells it. */
  setClock(simNowMs: number, speed: number): void {
    this.clock = { simNowMs, speed, atRealMs: Date.now() };
  }

  add(id: string, phone: LeanWorker, auth: PhoneAuth, waypoints: number[], shift: number): void {
    const worker: FieldWorker = { id, phone, auth, walker: startWalker(waypoints), shift, onDuty: false, changing: false, lastFixRealMs: 0 };
    this.workers.push(worker);
    this.byId.set(id, worker);
    this.slots[Math.floor(this.random() * SLOTS)]!.push(worker);
  }

  start(): void {
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
  }

  /** For a benchmark: duty for everyone regardless of shifts, and fixes sent off duty (refused at the door: the transport's cost). */
  setPlan(plan: { onDuty: boolean | null; sendOffDuty: boolean }): void {
    this.plan = plan;
  }

  /** A shift change's burst: every phone (past the 5 s a phone waits between fixes) sends a fix within `windowMs`. */
  burst(windowMs: number): void {
    const now = Date.now();
    for (const worker of this.workers) {
      if (!worker.onDuty && !this.plan.sendOffDuty) continue;
      const delayMs = Math.max(this.random() * windowMs, worker.lastFixRealMs + MIN_FIX_GAP_MS - now);
      setTimeout(() => this.fix(worker, Date.now()), delayMs);
    }
  }

  /** A task pushed to a worker: signed for after a few simulated minutes, completed some minutes later. */
  taskGiven(workerId: string, eventId: string, kind: 'verify' | 'handle'): void {
    const worker = this.byId.get(workerId);
    if (!worker) return;
    const later = (simMs: number, run: () => Promise<void>) => setTimeout(() => void run().catch(() => this.tally.tasksFailed++), simMs / this.speed);
    later((1 + this.random() * 4) * MINUTE_MS, async () => {
      if (this.stopped) return;
      const accepted = await this.rest(worker, 'POST', `/api/events/${eventId}/task/accept`);
      if (accepted.status !== 200) return void this.tally.tasksFailed++;
      this.tally.tasksAccepted++;
      later((5 + this.random() * 25) * MINUTE_MS, async () => {
        if (this.stopped) return;
        const confirmed = this.random() < CONFIRMED_SHARE;
        const outcome = kind === 'handle' ? 'handled' : confirmed ? 'confirmed' : 'notFound';
        const report = kind === 'handle' ? '模拟：已现场处置' : confirmed ? '模拟：现场核实属实' : '模拟：现场未发现所述问题';
        const done = await this.rest(worker, 'POST', `/api/events/${eventId}/task/complete`, { outcome, report });
        if (done.status === 200) this.tally.tasksDone++;
        else this.tally.tasksFailed++;
      });
    });
  }

  /**
   * A problem found on patrol, reported where an on-duty worker of this process stands: the
   * event's answer, or null when no one here is on duty (or the report failed).
   */
  async report(plan: PatrolReport): Promise<{ id: string; status: string; state: string } | null> {
    const onDuty = this.workers.filter((w) => w.onDuty && w.lastFixRealMs > 0);
    if (onDuty.length === 0) return null;
    const worker = onDuty[Math.floor(this.random() * onDuty.length)]!;
    const res = await this.rest(worker, 'POST', '/api/events', {
      channel: 'gridPatrol',
      category: plan.category,
      description: plan.description,
      location: { lng: worker.walker.lng, lat: worker.walker.lat },
      externalId: plan.externalId,
    }).catch(() => ({ status: 0, body: null }));
    if (res.status !== 201 && res.status !== 200) return (this.tally.reportsFailed++, null);
    this.tally.reports++;
    return res.body as { id: string; status: string; state: string };
  }

  private tick(): void {
    if (!this.clock) return;
    const slot = this.slots[this.tickCount++ % SLOTS]!;
    const beijingHour = ((((this.simNowMs + 8 * HOUR_MS) % (24 * HOUR_MS)) + 24 * HOUR_MS) % (24 * HOUR_MS)) / HOUR_MS;
    const now = Date.now();
    for (const worker of slot) {
      const due = this.plan.onDuty ?? onShift(worker.shift, beijingHour);
      if (due !== worker.onDuty) {
        if (!worker.changing) this.setDuty(worker, due);
        continue;
      }
      if (worker.onDuty || this.plan.sendOffDuty) this.fix(worker, now);
    }
  }

  private setDuty(worker: FieldWorker, onDuty: boolean): void {
    worker.changing = true;
    worker.phone.emit('duty:set', { onDuty }, (answer) => {
      worker.changing = false;
      if (!answer?.ok) return;
      worker.onDuty = onDuty;
      worker.lastFixRealMs = 0;
      this.tally.dutyChanges++;
      this.tally.onDuty += onDuty ? 1 : -1;
      // On duty, the phone shares where it is at once, then every 30 s.
      if (onDuty) this.fix(worker, Date.now());
    });
  }

  private fix(worker: FieldWorker, now: number): void {
    if (worker.lastFixRealMs > 0 && now - worker.lastFixRealMs < MIN_FIX_GAP_MS) return;
    if (worker.lastFixRealMs > 0) walk(worker.walker, metresBetweenFixes(now - worker.lastFixRealMs, this.speed));
    worker.lastFixRealMs = now;
    const sentAt = performance.now();
    worker.phone.emit('position:update', { lng: worker.walker.lng, lat: worker.walker.lat, atMs: now, accuracyM: 5 + Math.round(this.random() * 15) }, (answer) => {
      if (!answer) return;
      if (answer.ok) this.tally.positions++;
      else this.tally.refused++;
      if (this.ackMs.length >= MAX_ACK_SAMPLES) this.ackMs.splice(0, MAX_ACK_SAMPLES / 2);
      this.ackMs.push(performance.now() - sentAt);
    });
  }

  /**
   * Renews a worker's access token, once for all the calls that find it due together: a refresh
   * token presented twice is taken for a stolen one, and the server signs the whole session out.
   */
  private renew(worker: FieldWorker): Promise<void> {
    let renewal = this.renewals.get(worker);
    if (!renewal) {
      const auth = worker.auth;
      renewal = (async () => {
        const renewed = await fetch(`${this.url}/api/auth/refresh`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: auth.refreshToken }) });
        if (renewed.ok) Object.assign(auth, (await renewed.json()) as PhoneAuth);
      })().finally(() => this.renewals.delete(worker));
      this.renewals.set(worker, renewal);
    }
    return renewal;
  }

  /** A REST call as the worker, renewing the access token shortly before it expires. */
  private async rest(worker: FieldWorker, method: 'POST' | 'GET', path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const auth = worker.auth;
    if (auth.refreshToken && auth.expiresAtMs !== undefined && auth.expiresAtMs - Date.now() < MINUTE_MS) await this.renew(worker);
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${auth.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: await res.json().catch(() => null) };
  }
}
