import { ServiceCatalogue } from '../../common/domain/serviceCatalogue.ts';
import { asDomainNow } from '../../server/time/domainClock.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSensorRegistry, riverLinesOf } from '../../common/geo/sensorRegistry.ts';
import { testConfig } from '../../server/config.ts';
import { EventService } from '../../server/events/eventService.ts';
import { readRivers } from '../../server/geo/loadCity.ts';
import { SensorService } from '../../server/sensors/sensorService.ts';
import type { AcceptedReading } from '../../server/sensors/readingIntake.ts';
import { openStores, type Stores } from '../../server/store/stores.ts';
import { testCity } from '../support/city.ts';

/**
 * Two nodes' sensor services on one store, as with Redis: readings another node took are
 * followed here (nothing opened or closed), the events it opens are learnt from the feed, and
 * the alerts' lease holder opens what a node that died left unopened and resolves what it left
 * open — once, whoever repeats it.
 */
const dir = mkdtempSync(path.join(os.tmpdir(), 'city-brain-alerts-'));
const opened: Stores[] = [];
afterAll(async () => {
  for (const stores of opened) await stores.close();
  rmSync(dir, { recursive: true, force: true });
});

const geo = testCity();
const registry = buildSensorRegistry(geo, riverLinesOf(readRivers()), testConfig().citySeed);
const services = ServiceCatalogue.builtIn();
const sla = { signInTargetMs: 300_000, signInTargetFactor: 1, handlingTimeScale: 1, services };

async function node(clock: () => number): Promise<{ events: EventService; sensors: SensorService }> {
  const stores = await openStores({ databaseUrl: null, databaseFile: path.join(dir, 'city.sqlite') });
  opened.push(stores);
  const events = await EventService.open({
    geo,
    repository: stores.events,
    clock: asDomainNow(clock),
    sla,
    services,
    onStoreFailure: (error) => {
      throw error;
    },
  });
  return { events, sensors: new SensorService({ registry, geo, events, clock, waterEventLevel: () => 'yellow' }) };
}

describe('sensor alerts across nodes', () => {
  it('are opened and resolved by the lease holder when the node that took the readings could not', async () => {
    let now = Date.now();
    const clock = () => now;
    const [a, b] = [await node(clock), await node(clock)];
    // Node B is told what A took, and of what A commits.
    a.sensors.onTaken((readings) => b.sensors.applyRelayed(readings));
    a.events.onCommitted((events) => b.events.applyCommitted(events));
    const gas = registry.indexOf('GL000042');
    const alarm: AcceptedReading = { index: gas, atMs: now, value: 62 };

    // A took a gas alarm and opened its event: B knows the device is in alarm, and which event is its.
    const ingested = await a.sensors.ingest([{ sensorId: 'GL000042', value: 62, unit: '%LEL', atMs: now }]);
    expect(ingested).toMatchObject({ ok: true, alertsOpened: 1 });
    expect(b.sensors.record(gas).level).toBe('red');
    expect(b.events.openEvents((e) => e.externalId?.startsWith('GL000042@') ?? false)).toHaveLength(1);
    // B, holding the lease, finds nothing to put right.
    now += 30_000;
    expect(await b.sensors.reconcileAlerts()).toEqual({ opened: 0, closed: 0 });

    // A died having relayed an alarm it never opened an event for: B opens it once, after the grace.
    const valve = registry.indexOf('WP000007');
    b.sensors.applyRelayed([{ index: valve, atMs: now, value: 0.05 }]);
    expect(await b.sensors.reconcileAlerts()).toEqual({ opened: 0, closed: 0 });
    now += 11_000;
    expect(await b.sensors.reconcileAlerts()).toEqual({ opened: 1, closed: 0 });
    expect(await b.sensors.reconcileAlerts()).toEqual({ opened: 0, closed: 0 });
    const valveEvents = b.events.openEvents((e) => e.externalId?.startsWith('WP000007@') ?? false);
    expect(valveEvents).toHaveLength(1);

    // The gas back to normal, taken by A but its closing lost (relayed only): B resolves A's event.
    b.sensors.applyRelayed([{ ...alarm, atMs: now, value: 0 }]);
    expect(await b.sensors.reconcileAlerts()).toEqual({ opened: 0, closed: 1 });
    expect(b.events.openEvents((e) => e.externalId?.startsWith('GL000042@') ?? false)).toHaveLength(0);
    const stored = await b.events.list({ limit: 10, offset: 0 });
    expect(stored.find((e) => e.externalId?.startsWith('GL000042@'))!.state).toBe('resolved');
  });
});
