import type { CrossCase } from '../../common/domain/cases.ts';
import { CaseConflict, type CaseRepository } from './caseRepository.ts';
import { jsonColumn } from './rowMappers.ts';
import type { SqlRunner } from './sqlRunner.ts';

/** A cases row as read: body is TEXT on SQLite, JSONB on PostgreSQL (see jsonColumn). */
type Row = { body: unknown; version: number };

/** The version column is the truth: the body's copy is the one written with it, but the column is what updates compare. */
const caseOf = (row: Row): CrossCase => ({ ...jsonColumn<CrossCase>(row.body), version: row.version });

/** 三跨 cases on either store. */
export class SqlCaseRepository implements CaseRepository {
  constructor(private readonly sql: SqlRunner) {}

  async insert(c: CrossCase): Promise<void> {
    await this.sql.run('INSERT INTO cases (id, state, opened_at, version, body) VALUES (?, ?, ?, ?, ?)', [c.id, c.state, c.openedAtMs, c.version, JSON.stringify(c)]);
  }

  async update(c: CrossCase): Promise<void> {
    // Optimistic: only over the version it was read at (c.version - 1); no row changed means someone else wrote first.
    const changed = await this.sql.run('UPDATE cases SET state = ?, version = ?, body = ? WHERE id = ? AND version = ?', [c.state, c.version, JSON.stringify(c), c.id, c.version - 1]);
    if (changed === 0) throw new CaseConflict(c.id);
  }

  async get(id: string): Promise<CrossCase | null> {
    const row = await this.sql.get<Row>('SELECT body, version FROM cases WHERE id = ?', [id]);
    return row ? caseOf(row) : null;
  }

  async all(): Promise<CrossCase[]> {
    return (await this.sql.all<Row>('SELECT body, version FROM cases ORDER BY opened_at DESC, id DESC')).map(caseOf);
  }
}
