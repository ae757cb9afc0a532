import type { CityEvent, EventReport } from '../../common/domain/eventRecords.ts';
import { ALERT_LEVEL_LABELS, type AlertLevel, SENSOR_KIND_LABELS, SENSOR_UNITS } from '../../common/domain/sensors.ts';
import { THRESHOLDS } from '../../common/domain/sensorThresholds.ts';
import type { SensorRegistry } from '../../common/geo/sensorRegistry.ts';
import type { EventService } from '../events/eventService.ts';

/** An alert a device is in: since when, how high, and the event it opened (if any yet). */
interface ActiveAlert {
  index: number;
  sinceMs: number;
  level: AlertLevel;
  value: number;
  eventId: string | null;
  /** The event is being opened (its commit is in flight). */
  opening: boolean;
  ended: boolean;
  /** The level warrants an event (given the operating mode when it was read). */
  wantsEvent: boolean;
}

/** An alert without its event this long after it began is opened by the alerts' lease holder, ms. */
const RECONCILE_AFTER_MS = 10_000;

/** External id of an alert's event: the device and the alert's start, so a replay opens nothing new. */
const alertKey = (sensorId: string, sinceMs: number) => `${sensorId}@${sinceMs}`;
const ALERT_KEY = /^([A-Z]{2}\d{6})@(\d+)$/;

/**
 * Alerts and the events they open (channel IoT): one event per alert however many readings it
 * lasts, resolved when the device is back to normal. Opening and closing are queued by the
 * readings and carried out by `flush`, so a batch of readings costs one commit of new events.
 */
export class AlertTracker {
  private readonly active = new Map<number, ActiveAlert>();
  private toOpen: ActiveAlert[] = [];
  private toClose: ActiveAlert[] = [];

  constructor(
    private readonly registry: SensorRegistry,
    private readonly events: EventService,
  ) {
    // After a restart, alerts whose events are still open carry on rather than open new ones.
    for (const { event, index, sinceMs } of this.openAlertEvents()) {
      const lowest = THRESHOLDS[registry.kindOf(index)].levels[0]?.[0] ?? 'red';
      this.active.set(index, { index, sinceMs, level: lowest, value: Number.NaN, eventId: event.id, opening: false, ended: false, wantsEvent: true });
    }
    // With several nodes, the event of an alert may be opened by another node: learnt from the feed.
    events.onChange((event) => this.noteEvent(event));
  }

  /** The device and alert start an alert event was opened for (its external key), or null for any other event. */
  private alertOf(event: CityEvent): { index: number; sinceMs: number } | null {
    const match = event.channel === 'iotAlarm' && event.externalId ? ALERT_KEY.exec(event.externalId) : null;
    const index = match ? this.registry.indexOf(match[1]!) : -1;
    return index < 0 ? null : { index, sinceMs: Number(match![2]) };
  }

  /** The open events that alerts opened, with their device and start. */
  private openAlertEvents(): { event: CityEvent; index: number; sinceMs: number }[] {
    return this.events.openEvents((e) => this.alertOf(e) !== null).map((event) => ({ event, ...this.alertOf(event)! }));
  }

  private noteEvent(event: CityEvent): void {
    const of = this.alertOf(event);
    const alert = of && this.active.get(of.index);
    if (!alert || alert.sinceMs !== of!.sinceMs || alert.eventId) return;
    alert.eventId = event.id;
    alert.opening = false;
  }

  /** Devices whose alert was restored from open events, with the level to assume until they report. */
  restored(): { index: number; level: AlertLevel }[] {
    return [...this.active.values()].map((a) => ({ index: a.index, level: a.level }));
  }

  /** Devices in alert now: every device whose latest level is above 'none'. */
  activeIndices(): IterableIterator<number> {
    return this.active.keys();
  }

  sinceMs(index: number): number | null {
    return this.active.get(index)?.sinceMs ?? null;
  }

  /**
   * Follows a device's level; `opensEvent` says whether its level now warrants an event. `act`
   * false: readings another node took (and acts on) — followed here, nothing opened or closed.
   */
  update(index: number, level: AlertLevel, value: number, atMs: number, opensEvent: boolean, act = true): void {
    let alert = this.active.get(index);
    if (level === 'none') {
      if (!alert) return;
      this.active.delete(index);
      alert.ended = true;
      if (alert.eventId && act) this.toClose.push(alert);
      return;
    }
    if (!alert) {
      alert = { index, sinceMs: atMs, level, value, eventId: null, opening: false, ended: false, wantsEvent: false };
      this.active.set(index, alert);
    }
    alert.level = level;
    alert.value = value;
    alert.wantsEvent ||= opensEvent;
    if (act && opensEvent && !alert.eventId && !alert.opening) {
      alert.opening = true;
      this.toOpen.push(alert);
    }
  }

  /** Opens and resolves the events the readings so far call for; resolves once both are committed. */
  async flush(): Promise<{ opened: number; closed: number }> {
    const opening = this.toOpen;
    const closing = this.toClose;
    this.toOpen = [];
    this.toClose = [];
    let opened = 0;
    if (opening.length > 0) {
      const outcomes = await this.events.report(opening.map((a) => this.reportOf(a)));
      outcomes.forEach((outcome, i) => {
        const alert = opening[i]!;
        alert.eventId = outcome.event.id;
        alert.opening = false;
        if (outcome.status !== 'existing') opened++;
        // The device recovered while its event was being opened: close it now.
        if (alert.ended) closing.push(alert);
      });
    }
    for (const alert of closing) {
      const id = this.registry.id(alert.index);
      await this.events.resolveAutomatically(alert.eventId!, `sensor:${id}`, `传感器读数恢复正常 (${id} back to normal)`);
    }
    return { opened, closed: closing.length };
  }

  /**
   * The alerts' lease holder's round, for what a node that died (or was cut off) left undone:
   * an alert that warrants an event and has none after a while is opened, and an open alert event
   * whose alert has ended is resolved. Both are idempotent (the event's external key; a resolved
   * event stays as it is), so a round that repeats a node's own work changes nothing.
   */
  async reconcile(nowMs: number): Promise<{ opened: number; closed: number }> {
    for (const alert of this.active.values())
      if (alert.wantsEvent && !alert.eventId && !alert.opening && nowMs - alert.sinceMs >= RECONCILE_AFTER_MS) {
        alert.opening = true;
        this.toOpen.push(alert);
      }
    for (const { event, index, sinceMs } of this.openAlertEvents()) {
      if (this.active.get(index)?.sinceMs === sinceMs) continue;
      this.toClose.push({ index, sinceMs, level: 'none', value: Number.NaN, eventId: event.id, opening: false, ended: true, wantsEvent: true });
    }
    return this.flush();
  }

  private reportOf(alert: ActiveAlert): EventReport {
    const { registry } = this;
    const kind = registry.kindOf(alert.index);
    const id = registry.id(alert.index);
    const site = kind === 'waterlogging' ? registry.sites[alert.index - registry.ranges.waterlogging.start]! : null;
    return {
      channel: 'iotAlarm',
      category: THRESHOLDS[kind].category!,
      description: `${SENSOR_KIND_LABELS[kind].zh}${site ? ` ${site.name}` : ''}（${id}）${ALERT_LEVEL_LABELS[alert.level].zh}预警：${alert.value} ${SENSOR_UNITS[kind]}`,
      location: { lng: registry.lng[alert.index]!, lat: registry.lat[alert.index]!, address: site?.name },
      mediaUrls: [],
      reporter: {},
      externalId: alertKey(id, alert.sinceMs),
      spansJurisdictions: false,
    };
  }
}
