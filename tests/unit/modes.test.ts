import { describe, expect, it } from 'vitest';
import { ServiceCatalogue } from '../../common/domain/serviceCatalogue.ts';
import { type SlaTargets, signInTargetMsOf } from '../../server/events/sla.ts';
import type { EventService } from '../../server/events/eventService.ts';
import { ModeService } from '../../server/modes/modeService.ts';
import { openDatabase } from '../../server/store/sqliteDatabase.ts';
import { sqliteRunner } from '../../server/store/sqliteRunner.ts';
import { SqlModeRepository } from '../../server/store/sqlModeRepository.ts';

describe('ModeService', () => {
  const base: SlaTargets = { signInTargetMs: 300_000, signInTargetFactor: 1, handlingTimeScale: 1, services: ServiceCatalogue.builtIn() };
  const setup = async (db = openDatabase(':memory:')) => {
    const applied: SlaTargets[] = [];
    const events = { setSla: (t: SlaTargets) => applied.push(t) } as unknown as EventService;
    return { db, applied, modes: await ModeService.open(new SqlModeRepository(sqliteRunner(db)), events, base, () => 1_000) };
  };

  it('tightens the sign-in clock by mode and restores it', async () => {
    const { modes, applied } = await setup();
    expect(signInTargetMsOf(applied.at(-1)!, 'gasLeak')).toBe(300_000);
    await modes.switchTo({ mode: 'emergency', reason: '暴雨' }, 'officer');
    expect(signInTargetMsOf(applied.at(-1)!, 'gasLeak')).toBe(150_000);
    expect(applied.at(-1)!.handlingTimeScale).toBe(1);
    expect(modes.profile.waterEventLevel).toBe('blue');
    await modes.switchTo({ mode: 'routine', reason: '解除' }, 'officer');
    expect(signInTargetMsOf(applied.at(-1)!, 'gasLeak')).toBe(300_000);
  });

  it('comes back in the mode last set, after a restart', async () => {
    const { db, modes } = await setup();
    await modes.switchTo({ mode: 'majorEvent', reason: '马拉松' }, 'officer');
    const again = await setup(db);
    expect(again.modes.state).toEqual({ mode: 'majorEvent', reason: '马拉松', actor: 'officer', sinceMs: 1_000 });
    expect(signInTargetMsOf(again.applied.at(-1)!, 'gasLeak')).toBe(180_000);
  });
});
