import type Database from 'better-sqlite3';
import type { CrossCase } from '../../common/domain/cases.ts';
import { CaseConflict, type CaseRepository } from './caseRepository.ts';

type Row = { body: string; version: number };
const caseOf = (row: Row): CrossCase => ({ ...(JSON.parse(row.body) as CrossCase), version: row.version });

/** 三跨 cases in the embedded database. */
export class SqliteCaseRepository implements CaseRepository {
  private readonly s;

  constructor(db: Database.Database) {
    this.s = {
      insert: db.prepare('INSERT INTO cases (id, state, opened_at, version, body) VALUES (?, ?, ?, ?, ?)'),
      update: db.prepare('UPDATE cases SET state = ?, version = ?, body = ? WHERE id = ? AND version = ?'),
      get: db.prepare<[string], Row>('SELECT body, version FROM cases WHERE id = ?'),
      all: db.prepare<[], Row>('SELECT body, version FROM cases ORDER BY opened_at DESC, id DESC'),
    };
  }

  async insert(c: CrossCase): Promise<void> {
    this.s.insert.run(c.id, c.state, c.openedAtMs, c.version, JSON.stringify(c));
  }

  async update(c: CrossCase): Promise<void> {
    if (this.s.update.run(c.state, c.version, JSON.stringify(c), c.id, c.version - 1).changes === 0) throw new CaseConflict(c.id);
  }

  async get(id: string): Promise<CrossCase | null> {
    const row = this.s.get.get(id);
    return row ? caseOf(row) : null;
  }

  async all(): Promise<CrossCase[]> {
    return this.s.all.all().map(caseOf);
  }
}
