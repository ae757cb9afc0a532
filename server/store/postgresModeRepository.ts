import type { Pool } from 'pg';
import type { ModeState, OperatingMode } from '../../common/domain/modes.ts';
import type { ModeRepository } from './modeRepository.ts';

/** The audit log of operating-mode switches in PostgreSQL; the latest row is the mode now. */
export class PostgresModeRepository implements ModeRepository {
  constructor(private readonly pool: Pool) {}

  async append(state: ModeState): Promise<void> {
    await this.pool.query('INSERT INTO operating_modes (mode, actor, reason, at_ms) VALUES ($1, $2, $3, $4)', [state.mode, state.actor, state.reason, state.sinceMs]);
  }

  async history(limit: number): Promise<ModeState[]> {
    const { rows } = await this.pool.query<{ mode: OperatingMode; actor: string; reason: string; at_ms: number }>('SELECT mode, actor, reason, at_ms FROM operating_modes ORDER BY id DESC LIMIT $1', [
      limit,
    ]);
    return rows.map((r) => ({ mode: r.mode, actor: r.actor, reason: r.reason, sinceMs: r.at_ms }));
  }
}
