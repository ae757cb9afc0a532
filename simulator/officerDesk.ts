import { BROADCAST_TEMPLATES } from '../common/domain/broadcastTemplates.ts';
import type { BroadcastScope } from '../common/domain/broadcasts.ts';
import type { OperatingMode } from '../common/domain/modes.ts';
import { CityClient } from './cityClient.ts';

/**
 * The city-level duty officer's desk (user `officer`): switches the operating mode and sends the
 * ready-made broadcasts, through the same REST interface the console uses. Broadcasts are marked
 * as exercises (演练): the city is simulated, the workers receiving them may not be.
 */
export class OfficerDesk {
  readonly tally = { modeChanges: 0, broadcasts: 0, failed: 0 };
  mode: OperatingMode = 'routine';
  private readonly client: CityClient;

  constructor(baseUrl: string, credentials = { username: 'officer', password: 'officer-demo' }) {
    this.client = new CityClient(baseUrl, credentials);
  }

  async login(): Promise<void> {
    await this.client.login();
    const res = await this.client.request<{ mode?: { mode: OperatingMode } }>('GET', '/api/mode');
    if (res.status === 200 && res.body.mode) this.mode = res.body.mode.mode;
  }

  /** Switches the mode (a no-op when already in it); false if the server refused. */
  async setMode(mode: OperatingMode, reason: string): Promise<boolean> {
    if (this.mode === mode) return true;
    const previous = this.mode;
    this.mode = mode;
    const res = await this.client.request<{ error?: string }>('POST', '/api/mode', { mode, reason: reason.slice(0, 200) });
    if (res.status === 200) return (this.tally.modeChanges++, true);
    this.mode = previous;
    this.tally.failed++;
    console.error(`mode ${mode}: ${res.status} ${res.body?.error ?? ''}`);
    return false;
  }

  /** Sends a template from broadcastTemplates.ts to a scope; returns how many workers it targets, or null. */
  async broadcast(templateKey: string, scope: Partial<BroadcastScope>): Promise<number | null> {
    const template = BROADCAST_TEMPLATES.find((t) => t.key === templateKey);
    if (!template) throw new Error(`no broadcast template ${templateKey}`);
    const { title, body, priority, requiresConfirmation } = template;
    // The simulated city's drills go at once: no second officer sits at its console.
    const res = await this.client.request<{ targeted?: number; error?: string }>('POST', '/api/broadcasts', {
      content: { title, body, priority, requiresConfirmation, exercise: true },
      scope,
      override: { reason: '模拟城市演练，无第二值班员 (simulated drill)' },
    });
    if (res.status === 201) return (this.tally.broadcasts++, res.body.targeted ?? 0);
    this.tally.failed++;
    console.error(`broadcast ${templateKey}: ${res.status} ${res.body?.error ?? ''}`);
    return null;
  }
}
