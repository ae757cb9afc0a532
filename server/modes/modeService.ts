import { INITIAL_MODE, MODE_PROFILES, type ModeChange, type ModeProfile, type ModeState } from '../../common/domain/modes.ts';
import type { SlaTargets } from '../events/sla.ts';
import type { EventService } from '../events/eventService.ts';
import type { ModeRepository } from '../store/modeRepository.ts';

/**
 * The city's operating mode (多模态): persisted with who switched it and why (the audit log),
 * applied to the SLA clocks and sensor thresholds at once, and announced to listeners (walls,
 * consoles) after it is stored.
 */
export class ModeService {
  private current: ModeState = INITIAL_MODE;
  private readonly listeners = new Set<(state: ModeState) => void>();
  private readonly switchedHere = new Set<(state: ModeState) => void>();

  private constructor(
    private readonly repository: ModeRepository,
    private readonly events: EventService,
    private readonly baseSla: SlaTargets,
    private readonly clock: () => number,
  ) {}

  /** Opens in the mode last stored (routine on a new store), applied at once. */
  static async open(repository: ModeRepository, events: EventService, baseSla: SlaTargets, clock: () => number): Promise<ModeService> {
    const service = new ModeService(repository, events, baseSla, clock);
    service.current = (await repository.history(1))[0] ?? INITIAL_MODE;
    service.applyProfile();
    return service;
  }

  get state(): ModeState {
    return this.current;
  }

  get profile(): ModeProfile {
    return MODE_PROFILES[this.current.mode];
  }

  history(limit = 50): Promise<ModeState[]> {
    return this.repository.history(limit);
  }

  onChange(listener: (state: ModeState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called for each switch made on this node, once stored: what the other nodes are told. */
  onSwitchedHere(listener: (state: ModeState) => void): void {
    this.switchedHere.add(listener);
  }

  /** Switches the mode (stored first, then applied and announced). */
  async switchTo(change: ModeChange, actor: string): Promise<ModeState> {
    const next: ModeState = { mode: change.mode, reason: change.reason, actor, sinceMs: this.clock() };
    await this.repository.append(next);
    this.current = next;
    this.applyProfile();
    for (const listener of this.listeners) listener(next);
    for (const listener of this.switchedHere) listener(next);
    return next;
  }

  /** Another node switched the mode (it stored the switch): applied and announced here too, unless ours is newer. */
  applySwitched(state: ModeState): void {
    if (state.sinceMs < this.current.sinceMs || (state.sinceMs === this.current.sinceMs && state.mode === this.current.mode)) return;
    this.current = state;
    this.applyProfile();
    for (const listener of this.listeners) listener(state);
  }

  private applyProfile(): void {
    this.events.setSla({ ...this.baseSla, signInTargetFactor: this.baseSla.signInTargetFactor * this.profile.signInTargetFactor });
  }
}
