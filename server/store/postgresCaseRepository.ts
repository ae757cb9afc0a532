import type { Pool } from 'pg';
// Imported for its side effect too: BIGINT columns (the times) read back as numbers.
import './postgresDatabase.ts';
import type { CrossCase } from '../../common/domain/cases.ts';
import { CaseConflict, type CaseRepository } from './caseRepository.ts';

type Row = { body: CrossCase; version: number };
const caseOf = (row: Row): CrossCase => ({ ...row.body, version: row.version });

/** 三跨 cases on PostgreSQL. */
export class PostgresCaseRepository implements CaseRepository {
  constructor(private readonly pool: Pool) {}

  async insert(c: CrossCase): Promise<void> {
    await this.pool.query('INSERT INTO cases (id, state, opened_at, version, body) VALUES ($1, $2, $3, $4, $5)', [c.id, c.state, c.openedAtMs, c.version, JSON.stringify(c)]);
  }

  async update(c: CrossCase): Promise<void> {
    const result = await this.pool.query('UPDATE cases SET state = $1, version = $2, body = $3 WHERE id = $4 AND version = $5', [c.state, c.version, JSON.stringify(c), c.id, c.version - 1]);
    if (result.rowCount === 0) throw new CaseConflict(c.id);
  }

  async get(id: string): Promise<CrossCase | null> {
    const { rows } = await this.pool.query<Row>('SELECT body, version FROM cases WHERE id = $1', [id]);
    return rows[0] ? caseOf(rows[0]) : null;
  }

  async all(): Promise<CrossCase[]> {
    const { rows } = await this.pool.query<Row>('SELECT body, version FROM cases ORDER BY opened_at DESC, id DESC');
    return rows.map(caseOf);
  }
}
