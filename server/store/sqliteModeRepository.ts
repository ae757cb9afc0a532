import type Database from 'better-sqlite3';
import type { ModeState, OperatingMode } from '../../common/domain/modes.ts';
import type { ModeRepository } from './modeRepository.ts';

interface Row {
  mode: OperatingMode;
  actor: string;
  reason: string;
  at_ms: number;
}

const toState = (row: Row): ModeState => ({ mode: row.mode, actor: row.actor, reason: row.reason, sinceMs: row.at_ms });

/** The audit log of operating-mode switches in the embedded database; the latest row is the mode now. */
export class SqliteModeRepository implements ModeRepository {
  private readonly insert: Database.Statement<[string, string, string, number]>;
  private readonly recent: Database.Statement<[number], Row>;

  constructor(db: Database.Database) {
    this.insert = db.prepare('INSERT INTO operating_modes (mode, actor, reason, at_ms) VALUES (?, ?, ?, ?)');
    this.recent = db.prepare('SELECT mode, actor, reason, at_ms FROM operating_modes ORDER BY id DESC LIMIT ?');
  }

  async append(state: ModeState): Promise<void> {
    this.insert.run(state.mode, state.actor, state.reason, state.sinceMs);
  }

  /** The latest switches, newest first. */
  async history(limit: number): Promise<ModeState[]> {
    return this.recent.all(limit).map(toState);
  }
}
