import type { CityCounts, CityVersionSummary } from '../city/cityVersion.ts';
import { flagParam } from './rowMappers.ts';
import { type SqlRunner, step } from './sqlRunner.ts';

/** A city_versions row; times in epoch milliseconds, counts as JSON, data gzipped JSON (cityVersion.ts). */
interface Row {
  version: number;
  imported_at: number | string;
  imported_by: string;
  source: string;
  counts: string;
  warnings: number;
}

const summaryOf = (row: Row): CityVersionSummary => ({
  version: Number(row.version),
  importedAtMs: Number(row.imported_at),
  importedBy: row.imported_by,
  source: row.source,
  counts: JSON.parse(row.counts) as CityCounts,
  warnings: Number(row.warnings),
});

/** Worker accounts disabled per statement: a fixed list length keeps the statement's text one constant. */
const DISABLE_CHUNK = 500;
const DISABLE_WORKERS = `UPDATE accounts SET enabled = ?, version = version + 1,
  updated_at = CASE WHEN updated_at + 1 > ? THEN updated_at + 1 ELSE ? END
  WHERE role = 'worker' AND enabled = ? AND username IN (${Array(DISABLE_CHUNK).fill('?').join(', ')})`;

export interface NewCityVersion {
  importedAtMs: number;
  importedBy: string;
  source: string;
  counts: CityCounts;
  warnings: number;
  data: Buffer;
}

/** The imported city versions on either store; the highest version is the city in use. */
export class SqlCityVersionRepository {
  constructor(private readonly sql: SqlRunner) {}

  /** The newest version with its data, or null while the generated city is in use. */
  async latest(): Promise<{ summary: CityVersionSummary; data: Buffer } | null> {
    const row = await this.sql.get<Row & { data: Buffer }>('SELECT * FROM city_versions ORDER BY version DESC LIMIT 1');
    return row ? { summary: summaryOf(row), data: Buffer.from(row.data) } : null;
  }

  /** The number of the newest version, 0 when none was imported: cheap enough to poll. */
  async latestVersion(): Promise<number> {
    const row = await this.sql.get<{ version: number | null }>('SELECT MAX(version) AS version FROM city_versions');
    return Number(row?.version ?? 0);
  }

  /** The versions, newest first, without their data. */
  async list(limit: number): Promise<CityVersionSummary[]> {
    const rows = await this.sql.all<Row>('SELECT version, imported_at, imported_by, source, counts, warnings FROM city_versions ORDER BY version DESC LIMIT ?', [limit]);
    return rows.map(summaryOf);
  }

  /**
   * Stores a new version and disables the accounts of the workers it no longer lists, in one
   * transaction: the city and who may sign in for it change together or not at all. Two imports
   * at once: one commits, the other fails on the version's key and changes nothing.
   */
  async add(version: NewCityVersion, removedWorkers: readonly string[]): Promise<number> {
    return this.sql.transaction(function* () {
      const top = yield* step.get<{ version: number | null }>('SELECT MAX(version) AS version FROM city_versions');
      const next = Number(top?.version ?? 0) + 1;
      yield* step.run('INSERT INTO city_versions (version, imported_at, imported_by, source, counts, warnings, data) VALUES (?, ?, ?, ?, ?, ?, ?)', [
        next,
        version.importedAtMs,
        version.importedBy,
        version.source,
        JSON.stringify(version.counts),
        version.warnings,
        version.data,
      ]);
      for (let at = 0; at < removedWorkers.length; at += DISABLE_CHUNK) {
        const chunk = removedWorkers.slice(at, at + DISABLE_CHUNK);
        // The last chunk is padded with its own first name: a name twice in IN changes nothing.
        const names = [...chunk, ...Array<string>(DISABLE_CHUNK - chunk.length).fill(chunk[0]!)];
        yield* step.run(DISABLE_WORKERS, [flagParam(false), version.importedAtMs, version.importedAtMs, flagParam(true), ...names]);
      }
      return next;
    });
  }
}
