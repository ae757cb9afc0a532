import { CATEGORIES } from '../../common/domain/categories.ts';
import { DEPARTMENTS } from '../../common/domain/departments.ts';
import type { EventState } from '../../common/domain/events.ts';
import type { CityGeography } from '../../common/geo/cityModel.ts';
import { deriveSeed, seededRandom } from '../../common/geo/random.ts';
import type { CityClient } from '../cityClient.ts';
import type { Desks } from '../desks.ts';
import { EVENTS_PER_DAY } from '../generators/dayProfile.ts';
import type { EventFocus } from '../generators/eventFocus.ts';
import { planArrivals, planEvent, type PlannedEvent } from '../generators/eventPlan.ts';
import type { SimScheduler } from '../scheduler.ts';
import type { PatrolReport } from '../fleet/fieldRound.ts';

/** What happened, for the progress line and the closing summary. */
export interface DayTally {
  planned: number;
  reported: number;
  created: number;
  duplicates: number;
  signed: number;
  signInMs: number[];
  resolved: number;
  evaluated: number;
  satisfied: number;
  returned: number;
  /** Steps taken on the officer's desk (受理, 立案, 派遣 of what was not dispatched at intake; re-dispatch). */
  officerSteps: number;
  whistles: number;
  reportedIn: number;
  whistlesRated: number;
  casesOpened: number;
  caseMeetings: number;
  casesClosed: number;
  failed: number;
  inFlight: number;
}

/** Requests in flight at once: enough to keep up at high speed, few enough to stay polite. */
const MAX_IN_FLIGHT = 32;
const BATCH_LIMIT = 500;

/** The share of reports that span jurisdictions: the seeds' 2,695 三跨 cases a year over 4,114,000 events. */
const SPANNING_SHARE = 2695 / 4_114_000;
/** The share of 三跨 cases closed: the seeds' 2,583 of 2,695 (95.84 %). */
const CASE_CLOSED_SHARE = 2583 / 2695;
/** The share of jointly handled events on which the officer blows the whistle (a few a day). */
const WHISTLE_SHARE = 0.02;
/** Departments report in within this, simulated ms; most of them in time. */
const WHISTLE_DEADLINE_MS = 30 * 60_000;

/**
 * A normal day: arrivals follow the daily rhythm and channel/category mixes, reported by the
 * hotline systems (the integration account). Each event is then handled by people, through the
 * endpoints their pages use: the duty officer accepts, files and dispatches what intake did not
 * dispatch (and re-dispatches returns), now and then blowing the whistle; the holding department
 * signs, handles and resolves it on its own desk (`dept.<code>`); the citizen's verdict comes
 * back through the hotline.
 */
export class NormalDay {
  readonly tally: DayTally = {
    planned: 0,
    reported: 0,
    created: 0,
    duplicates: 0,
    signed: 0,
    signInMs: [],
    resolved: 0,
    evaluated: 0,
    satisfied: 0,
    returned: 0,
    officerSteps: 0,
    whistles: 0,
    reportedIn: 0,
    whistlesRated: 0,
    casesOpened: 0,
    caseMeetings: 0,
    casesClosed: 0,
    failed: 0,
    inFlight: 0,
  };
  private readonly whistleRandom: () => number;
  private readonly caseRandom: () => number;
  private readonly arrivals: PlannedEvent[] = [];
  private readonly waiting: (() => Promise<void>)[] = [];
  /** The simulated grid workers: problems found on patrol are theirs to report, where they stand. */
  private field: { report(plan: PatrolReport): Promise<{ id: string; status: string; state: string } | null> } | null = null;

  constructor(
    private readonly client: CityClient,
    private readonly scheduler: SimScheduler,
    geo: CityGeography,
    seed: number,
    hours: number,
    hourOf: (ms: number) => number,
    /** Distinguishes this run's external ids from an earlier run's against the same server. */
    runId: string,
    eventsPerDay = EVENTS_PER_DAY,
    /** A holiday's or major event's crowd places, drawing a share of the reports. */
    focus?: EventFocus,
    /** The officer's and the departments' desks; without them, the integration account takes every step. */
    private readonly desks?: Desks,
  ) {
    const stream = (name: string) => {
      const random = seededRandom(deriveSeed(seed, name));
      return () => random.next();
    };
    this.whistleRandom = stream('whistles');
    this.caseRandom = stream('cases');
    const arrivalRandom = seededRandom(deriveSeed(seed, 'arrivals'));
    const eventRandom = seededRandom(deriveSeed(seed, 'events'));
    const inCity = (lng: number, lat: number) => geo.locateGridIndex(lng, lat) >= 0;
    const start = scheduler.simStartMs;
    planArrivals(arrivalRandom, start, start + hours * 3_600_000, eventsPerDay, hourOf).forEach((atMs, i) => {
      const plan = planEvent(eventRandom, atMs, `${runId}-${i}`, inCity, focus);
      this.tally.planned++;
      scheduler.at(atMs, () => this.arrivals.push(plan));
    });
  }

  /** From now on, patrol reports (gridPatrol) are made by on-duty simulated workers, where they stand; by the hotline systems if none is on duty. */
  reportPatrolsThrough(field: NonNullable<NormalDay['field']>): void {
    this.field = field;
  }

  /** Adds a report made by something else in the city (a flood), reported and handled like the rest. */
  inject(plan: PlannedEvent): void {
    this.tally.planned++;
    this.arrivals.push(plan);
  }

  /** Called every tick: posts the arrivals due so far as one batch, and runs queued requests. */
  flush(): void {
    while (this.arrivals.length > 0) {
      const batch = this.arrivals.splice(0, BATCH_LIMIT);
      this.enqueue(() => this.report(batch));
    }
    while (this.tally.inFlight < MAX_IN_FLIGHT && this.waiting.length > 0) {
      const job = this.waiting.shift()!;
      this.tally.inFlight++;
      job()
        .catch((error: unknown) => {
          this.tally.failed++;
          if (process.env.SIM_DEBUG) console.error(error);
        })
        .finally(() => this.tally.inFlight--);
    }
  }

  get busy(): boolean {
    return this.tally.inFlight > 0 || this.waiting.length > 0 || this.arrivals.length > 0;
  }

  private enqueue(job: () => Promise<void>): void {
    this.waiting.push(job);
  }

  private async report(all: PlannedEvent[]): Promise<void> {
    const field = this.field;
    const batch = field ? all.filter((p) => p.channel !== 'gridPatrol') : all;
    if (field) for (const plan of all) if (plan.channel === 'gridPatrol') this.enqueue(() => this.reportOnPatrol(field, plan));
    if (batch.length > 0) await this.post(batch);
  }

  /** Reports a batch through the hotline systems (the integration account). */
  private async post(batch: PlannedEvent[]): Promise<void> {
    // 三跨: a few reports a day span jurisdictions (the seeds: 2,695 cases a year).
    const spans = batch.map(() => this.desks !== undefined && this.caseRandom() < SPANNING_SHARE);
    const res = await this.client.request<{ results: { id: string; status: string; state: EventState }[] }>(
      'POST',
      '/api/events',
      batch.map((p, i) => ({
        channel: p.channel,
        category: p.category,
        description: `模拟：${CATEGORIES[p.category].zh}`,
        location: { lng: p.lng, lat: p.lat },
        externalId: p.externalId,
        ...(spans[i] ? { spansJurisdictions: true } : {}),
      })),
    );
    if (res.status !== 201) {
      if (process.env.SIM_DEBUG) console.error('report', res.status, JSON.stringify(res.body).slice(0, 300));
      this.tally.failed += batch.length;
      return;
    }
    this.tally.reported += batch.length;
    res.body.results.forEach((result, i) => {
      if (result.status === 'duplicate') return void this.tally.duplicates++;
      if (result.status !== 'created') return;
      this.tally.created++;
      this.followUp(result.id, batch[i]!, result.state, spans[i]!);
    });
  }

  private async reportOnPatrol(field: NonNullable<NormalDay['field']>, plan: PlannedEvent): Promise<void> {
    const answer = await field.report({ category: plan.category, description: `模拟：巡查发现${CATEGORIES[plan.category].zh}`, externalId: plan.externalId });
    // No simulated worker on duty: the city's grid system reports it, as without workers.
    if (!answer) return this.post([plan]);
    this.tally.reported++;
    if (answer.status === 'duplicate') return void this.tally.duplicates++;
    if (answer.status !== 'created') return;
    this.tally.created++;
    this.followUp(answer.id, plan, answer.state as EventState);
  }

  /**
   * The departments' and the citizen's steps for one event, in order: each step is scheduled
   * when the previous one has been answered, so a fast simulation never overtakes itself.
   */
  private followUp(id: string, plan: PlannedEvent, state: EventState, spansJurisdictions = false): void {
    type Step = { afterMs: number; run: () => Promise<boolean> };
    const spec = CATEGORIES[plan.category];
    // The department that holds it: the only one, or the lead of a joint dispatch (the category's first).
    const holder = this.desks?.department(spec.departments[0]!) ?? this.client;
    const officer = this.desks?.officer ?? this.client;
    const move = (to: EventState, by: CityClient, onDone?: () => void) => async () => {
      const ok = await this.move(id, to, by);
      if (ok) onDone?.();
      return ok;
    };
    const steps: Step[] = [];
    // Not dispatched at intake (joint, leader, 三跨): the officer accepts, files and dispatches it (the category's default, in one click).
    if (spansJurisdictions) {
      // 三跨: accepted, filed, then taken by a leader (领导包派) with the category's departments, and a case opened.
      for (const to of ['accepted', 'filed'] as const) steps.push({ afterMs: 60_000, run: move(to, officer, () => this.tally.officerSteps++) });
      steps.push({ afterMs: 5 * 60_000, run: () => this.leaderAndCase(id, plan) });
    } else if (state === 'reported') for (const to of ['accepted', 'filed', 'dispatched'] as const) steps.push({ afterMs: 60_000, run: move(to, officer, () => this.tally.officerSteps++) });
    if (this.desks && spec.departments.length > 1 && this.whistleRandom() < WHISTLE_SHARE) steps.push({ afterMs: 2 * 60_000, run: () => this.whistle(id, spec.departments) });
    if (plan.returned)
      steps.push(
        { afterMs: plan.signInAfterMs, run: move('returned', holder, () => this.tally.returned++) },
        { afterMs: 2 * 60_000, run: move('dispatched', officer, () => this.tally.officerSteps++) },
      );
    const signInMs = plan.signInAfterMs;
    steps.push({ afterMs: signInMs, run: move('signed', holder, () => (this.tally.signed++, this.tally.signInMs.push(signInMs))) });
    steps.push({ afterMs: plan.handlingAfterMs, run: move('handling', holder) });
    if (plan.resolveAfterMs !== null) steps.push({ afterMs: plan.resolveAfterMs, run: move('resolved', holder, () => this.tally.resolved++) });
    if (plan.resolveAfterMs !== null && plan.evaluation) {
      const { afterMs, satisfied } = plan.evaluation;
      steps.push({
        afterMs,
        run: async () => {
          const res = await this.client.request('POST', `/api/events/${id}/evaluation`, { satisfied });
          if (res.status !== 200) {
            if (process.env.SIM_DEBUG) console.error('evaluation', id, res.status);
            return (this.tally.failed++, false);
          }
          this.tally.evaluated++;
          if (satisfied) this.tally.satisfied++;
          return true;
        },
      });
    }
    const next = (index: number, fromMs: number) => {
      const step = steps[index];
      if (!step) return;
      const atMs = fromMs + step.afterMs;
      this.scheduler.at(atMs, () => this.enqueue(async () => void ((await step.run()) && next(index + 1, Math.max(atMs, this.scheduler.now())))));
    };
    next(0, this.scheduler.now());
  }

  /**
   * 三跨: the officer gives the event to a leader with the category's departments, opens a case on
   * it, records a joint meeting two hours on, and closes the case six hours later — 95.84 % of cases
   * close, as in the seeds.
   */
  private async leaderAndCase(id: string, plan: PlannedEvent): Promise<boolean> {
    const officer = this.desks!.officer;
    const spec = CATEGORIES[plan.category];
    const dispatched = await officer.request('POST', `/api/events/${id}/transitions`, { to: 'dispatched', leader: '分管副区长', departments: [...spec.departments], note: '三跨事项，领导包派' });
    if (dispatched.status !== 200) return (this.tally.failed++, false);
    this.tally.officerSteps++;
    const opened = await officer.request<{ case?: { id: string } }>('POST', '/api/cases', {
      title: `${spec.zh}（三跨协调）`,
      kinds: spec.departments.length > 1 ? ['department', 'level'] : ['level'],
      eventIds: [id],
      departments: [...spec.departments],
    });
    if (opened.status !== 201 || !opened.body.case) return (this.tally.failed++, false);
    const caseId = opened.body.case.id;
    this.tally.casesOpened++;
    const now = this.scheduler.now();
    this.scheduler.at(now + 2 * 3_600_000, () =>
      this.enqueue(async () => {
        const names = spec.departments.map((d) => DEPARTMENTS.find((x) => x.code === d)?.name ?? d);
        const met = await officer.request('POST', `/api/cases/${caseId}/meetings`, {
          atMs: Math.round(this.scheduler.now()),
          participants: ['城运中心', ...names],
          decisions: `明确${names[0]}牵头，限期办结`,
        });
        if (met.status === 201) this.tally.caseMeetings++;
      }),
    );
    if (this.caseRandom() < CASE_CLOSED_SHARE)
      this.scheduler.at(now + 6 * 3_600_000, () =>
        this.enqueue(async () => {
          const closed = await officer.request('POST', `/api/cases/${caseId}/close`, { resolution: '各方按联席会议决定办结' });
          if (closed.status === 200) this.tally.casesClosed++;
        }),
      );
    return true;
  }

  /**
   * 街乡吹哨: the officer summons the event's departments to report in within half an hour; each
   * reports in from its desk after a delay that is within the deadline nine times in ten.
   */
  private async whistle(id: string, departments: readonly string[]): Promise<boolean> {
    const deadlineAtMs = this.scheduler.now() + WHISTLE_DEADLINE_MS;
    const res = await this.desks!.officer.request<{ error?: string }>('POST', `/api/events/${id}/whistle`, { departments, deadlineAtMs });
    if (res.status !== 201) {
      if (process.env.SIM_DEBUG) console.error('whistle', id, res.status, res.body?.error);
      // Not a failure of the day: the event may have moved on (closed) meanwhile.
      return true;
    }
    this.tally.whistles++;
    // After closure the officer rates each department: 5 for reporting in on time, 3 for late (a closed event is likely by then).
    const onTime = new Map<string, boolean>();
    this.scheduler.at(this.scheduler.now() + 8 * 3_600_000, () =>
      this.enqueue(async () => {
        const ratings = departments.map((department) => ({ department, score: onTime.get(department) ? 5 : 3 }));
        const rated = await this.desks!.officer.request('POST', `/api/events/${id}/whistle/ratings`, { ratings });
        if (rated.status === 200) this.tally.whistlesRated++;
      }),
    );
    for (const code of departments) {
      const afterMs = WHISTLE_DEADLINE_MS * (this.whistleRandom() < 0.9 ? 0.2 + 0.7 * this.whistleRandom() : 1.1 + this.whistleRandom());
      onTime.set(code, afterMs <= WHISTLE_DEADLINE_MS);
      this.scheduler.at(this.scheduler.now() + afterMs, () =>
        this.enqueue(async () => {
          const reported = await this.desks!.department(code).request('POST', `/api/events/${id}/whistle/report-in`);
          if (reported.status === 200) this.tally.reportedIn++;
        }),
      );
    }
    return true;
  }

  private async move(id: string, to: EventState, by: CityClient): Promise<boolean> {
    // A return carries its reason, as the departments' desks must give one.
    const res = await by.request<{ error?: string }>('POST', `/api/events/${id}/transitions`, to === 'returned' ? { to, note: '非本单位职责，退回重派' } : { to });
    if (res.status !== 200) {
      this.tally.failed++;
      if (process.env.SIM_DEBUG) console.error(id, to, res.status, res.body?.error);
    }
    return res.status === 200;
  }
}
