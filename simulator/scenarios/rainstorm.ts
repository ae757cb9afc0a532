import { ALERT_LEVEL_LABELS } from '../../common/domain/sensors.ts';
import { levelOf } from '../../common/domain/sensorThresholds.ts';
import type { CityGeography } from '../../common/geo/cityModel.ts';
import { deriveSeed, seededRandom } from '../../common/geo/random.ts';
import { planHandling } from '../generators/eventPlan.ts';
import { drawFloodReports } from '../generators/floodEvents.ts';
import { floodAction } from '../generators/floodResponse.ts';
import { stormEndMs, type StormPlan } from '../generators/rainfall.ts';
import type { OfficerDesk } from '../officerDesk.ts';
import { type SensorWorld, STEP_MS } from '../sensors/sensorWorld.ts';
import type { NormalDay } from './normalDay.ts';
import type { Scenario } from './scenario.ts';

/** After the storm the run waits at most this long for the water to drain, simulated ms. */
const MAX_DRAIN_MS = 12 * 3_600_000;

/**
 * A 7·20-like storm over a normal day: the sensor world rains (its rain function is the storm's),
 * flood reports follow the rain to the deepest points, and the duty officer declares the
 * emergency with a city-wide 暴雨红色预警 when the first point reaches red, standing down once the
 * rain has stopped and the water has gone.
 */
export class Rainstorm implements Scenario {
  readonly name = 'rainstorm';
  readonly volumeFactor = 1;
  readonly minEndMs: number;
  readonly tally = { floodReports: 0, declaredAtMs: null as number | null, stoodDownAtMs: null as number | null, targeted: null as number | null };
  private declared = false;
  private pending = 0;

  constructor(
    readonly storm: StormPlan,
    private readonly world: SensorWorld,
    day: NormalDay,
    private readonly officer: OfficerDesk,
    geo: CityGeography,
    seed: number,
    runId: string,
  ) {
    this.minEndMs = stormEndMs(storm);
    const random = seededRandom(deriveSeed(seed, 'flood'));
    const inCity = (lng: number, lat: number) => geo.locateGridIndex(lng, lat) >= 0;
    world.onStep((simMs, rainMmPerH) => {
      for (const report of drawFloodReports(random, rainMmPerH, STEP_MS, world.sitePositions, world.depthsCm, world.lowness, inCity)) {
        day.inject(planHandling(random, { atMs: simMs, ...report, externalId: `SIM-${runId}-F${this.tally.floodReports++}` }));
      }
      this.respond(simMs, rainMmPerH);
    });
  }

  async begin(): Promise<void> {}

  /** Stopped before the water drained: the simulated emergency ends with the simulation. */
  async finish(): Promise<void> {
    if (this.declared && this.officer.mode === 'emergency') await this.officer.setMode('routine', '模拟结束，恢复日常运行');
  }

  /** Busy while the emergency lasts (up to MAX_DRAIN_MS after the rain), so the run ends in daily operation. */
  get busy(): boolean {
    const waiting = this.officer.mode === 'emergency' && this.tally.stoodDownAtMs === null;
    return this.pending > 0 || (waiting && this.world.lastStepMs < stormEndMs(this.storm) + MAX_DRAIN_MS);
  }

  status(): string {
    const { site, depthCm } = this.world.deepest();
    const level = levelOf('waterlogging', depthCm);
    let alerting = 0;
    for (const d of this.world.depthsCm) if (levelOf('waterlogging', d) !== 'none') alerting++;
    const name = this.world.registry.sites[site]?.name ?? '–';
    const warned = this.tally.targeted === null ? '' : ` · 红色预警广播 ${this.tally.targeted.toLocaleString('zh-CN')} 人`;
    return `降雨 ${this.world.rainMmPerH.toFixed(0)} mm/h 累计 ${this.world.rainTotalMm.toFixed(0)} mm · ${depthCm < 1 ? '无积水' : `最深 ${name} ${depthCm.toFixed(0)} cm${level === 'none' ? '' : ` ${ALERT_LEVEL_LABELS[level].zh}`}`} · 积水告警 ${alerting} · 涉水上报 ${this.tally.floodReports.toLocaleString('zh-CN')}${warned}`;
  }

  private respond(simMs: number, rainMmPerH: number): void {
    if (this.pending > 0) return;
    const { site, depthCm } = this.world.deepest();
    const action = floodAction({
      mode: this.officer.mode,
      declared: this.declared,
      rainMmPerH,
      stormOver: simMs >= stormEndMs(this.storm),
      deepest: { name: this.world.registry.sites[site]!.name, depthCm },
    });
    if (!action) return;
    if (action.mode === 'emergency') this.declared = true;
    this.pending++;
    void (async () => {
      try {
        if (!(await this.officer.setMode(action.mode, action.reason))) return;
        if (action.mode === 'emergency') {
          this.tally.declaredAtMs = simMs;
          this.tally.targeted = await this.officer.broadcast('rainstormRed', { city: true });
        } else this.tally.stoodDownAtMs = simMs;
      } finally {
        this.pending--;
      }
    })();
  }
}
