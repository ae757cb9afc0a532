import { describe, expect, it } from 'vitest';
import { SENSOR_KINDS } from '../../common/domain/sensors.ts';
import { assessReading, levelOf, opensEvent } from '../../common/domain/sensorThresholds.ts';
import { buildSensorRegistry, riverLinesOf } from '../../common/geo/sensorRegistry.ts';
import { loadCity, readRivers } from '../../server/geo/loadCity.ts';

describe('alert levels', () => {
  it('maps water depth onto blue, yellow, orange and red', () => {
    expect([0, 9.9, 10, 19, 20, 30, 49, 50, 120].map((d) => levelOf('waterlogging', d))).toEqual(['none', 'none', 'blue', 'blue', 'yellow', 'orange', 'orange', 'red', 'red']);
  });

  it('reads falling pressures downwards', () => {
    expect([0.3, 0.16, 0.12, 0.06].map((p) => levelOf('waterPressure', p))).toEqual(['none', 'yellow', 'orange', 'red']);
    expect(levelOf('fireHydrant', 0.2)).toBe('none');
  });

  it('raises a fast-rising gauge one level, and never beyond red', () => {
    const at = 3_600_000;
    expect(assessReading('waterlogging', 22, { value: 21.8, atMs: at - 60_000, level: 'yellow' }, at)).toBe('yellow');
    // 10 cm in 10 minutes = 60 cm/h.
    expect(assessReading('waterlogging', 22, { value: 12, atMs: at - 600_000, level: 'blue' }, at)).toBe('orange');
    expect(assessReading('waterlogging', 60, { value: 40, atMs: at - 600_000, level: 'orange' }, at)).toBe('red');
    // A fast rise below the first threshold is no alert.
    expect(assessReading('waterlogging', 8, { value: 0, atMs: at - 600_000, level: 'none' }, at)).toBe('none');
  });

  it('holds an alert inside the hysteresis band, so a wavering gauge does not flap', () => {
    const prev = (value: number, level: 'blue' | 'none') => ({ value, atMs: 0, level });
    expect(assessReading('waterlogging', 8, prev(11, 'blue'), 1)).toBe('blue');
    expect(assessReading('waterlogging', 6.9, prev(8, 'blue'), 1)).toBe('none');
    expect(assessReading('waterlogging', 8, prev(6, 'none'), 1)).toBe('none');
    expect(assessReading('waterPressure', 0.17, { value: 0.15, atMs: 0, level: 'yellow' }, 1)).toBe('yellow');
    expect(assessReading('waterPressure', 0.19, { value: 0.17, atMs: 0, level: 'yellow' }, 1)).toBe('none');
  });

  it('opens events for IoT alarms at any level and for water from the mode’s level; never for cameras', () => {
    expect(opensEvent('waterlogging', 'blue', 'yellow')).toBe(false);
    expect(opensEvent('waterlogging', 'blue', 'blue')).toBe(true);
    expect(opensEvent('waterlogging', 'red', 'yellow')).toBe(true);
    expect(opensEvent('streetLight', 'yellow', 'yellow')).toBe(true);
    expect(opensEvent('camera', 'red', 'blue')).toBe(false);
    expect(opensEvent('gasLeak', 'none', 'blue')).toBe(false);
  });
});

describe('the sensor registry', () => {
  const geo = loadCity();
  const rivers = riverLinesOf(readRivers());
  const registry = buildSensorRegistry(geo, rivers, 20250720);

  it('is the same for the same seed and different for another', () => {
    const again = buildSensorRegistry(geo, rivers, 20250720);
    expect(Buffer.from(again.lng.buffer).equals(Buffer.from(registry.lng.buffer))).toBe(true);
    expect(again.sites).toEqual(registry.sites);
    const other = buildSensorRegistry(geo, rivers, 7);
    expect(Buffer.from(other.lng.buffer).equals(Buffer.from(registry.lng.buffer))).toBe(false);
  });

  it('has 300+ waterlogging points, 220,000 IoT devices and 130,000 cameras, all inside the city', () => {
    expect(registry.ranges.waterlogging.count).toBeGreaterThanOrEqual(300);
    expect(SENSOR_KINDS.filter((k) => k !== 'waterlogging' && k !== 'camera').reduce((s, k) => s + registry.ranges[k].count, 0)).toBe(220_000);
    expect(registry.ranges.camera.count).toBe(130_000);
    for (let i = 0; i < registry.size; i += 997) expect(geo.locateGridIndex(registry.lng[i]!, registry.lat[i]!)).toBe(registry.grid[i]);
  });

  it('gives every device an id that finds it again, and refuses ids it never issued', () => {
    for (const i of [0, 325, 326, 70_325, 220_326, registry.size - 1]) expect(registry.indexOf(registry.id(i))).toBe(i);
    expect(registry.id(0)).toBe('WL000001');
    expect(registry.kindOf(registry.indexOf('CM130000'))).toBe('camera');
    for (const bad of ['CM130001', 'WL000000', 'XX000001', 'WL1', 'WL00000a']) expect(registry.indexOf(bad)).toBe(-1);
  });

  it('puts waterlogging points where water gathers: mostly the urban core, named and typed', () => {
    const core = new Set(['金水区', '二七区', '管城回族区', '中原区', '郑东新区', '惠济区']);
    const inCore = registry.sites.filter((_, i) => core.has(geo.districts[registry.district[i]!]!.name)).length;
    expect(inCore / registry.sites.length).toBeGreaterThan(0.6);
    expect(new Set(registry.sites.map((s) => s.name)).size).toBe(registry.sites.length);
    expect(new Set(registry.sites.map((s) => s.type))).toEqual(new Set(['underpass', 'lowRoad', 'riverside', 'oldDistrict']));
    // Elevators follow people: denser in the core than cameras, a third of which are rural.
    const share = (kind: 'elevator' | 'camera') => {
      const { start, count } = registry.ranges[kind];
      let n = 0;
      for (let i = start; i < start + count; i++) if (core.has(geo.districts[registry.district[i]!]!.name)) n++;
      return n / count;
    };
    expect(share('elevator')).toBeGreaterThan(share('camera') + 0.05);
  });
});
