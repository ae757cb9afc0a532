import type { ModeState, OperatingMode } from '../../common/domain/modes.ts';
import type { ModeRepository } from './modeRepository.ts';
import type { SqlRunner } from './sqlRunner.ts';

/** An operating_modes row; at_ms in epoch milliseconds. */
interface Row {
  mode: OperatingMode;
  actor: string;
  reason: string;
  at_ms: number;
}

const stateOf = (row: Row): ModeState => ({ mode: row.mode, actor: row.actor, reason: row.reason, sinceMs: row.at_ms });

/** The audit log of operating-mode switches on either store; the latest row (highest id) is the mode now. */
export class SqlModeRepository implements ModeRepository {
  constructor(private readonly sql: SqlRunner) {}

  async append(state: ModeState): Promise<void> {
    await this.sql.run('INSERT INTO operating_modes (mode, actor, reason, at_ms) VALUES (?, ?, ?, ?)', [state.mode, state.actor, state.reason, state.sinceMs]);
  }

  /** The latest switches, newest first. */
  async history(limit: number): Promise<ModeState[]> {
    return (await this.sql.all<Row>('SELECT mode, actor, reason, at_ms FROM operating_modes ORDER BY id DESC LIMIT ?', [limit])).map(stateOf);
  }
}
