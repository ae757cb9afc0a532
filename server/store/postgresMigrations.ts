import type { Pool } from 'pg';
import { inTransaction } from './postgresTransaction.ts';
import { PATROL_DAYS_BACKFILL_SQL } from './patrolDaysBackfill.ts';

/**
 * PostgreSQL schema versions, applied in order, each once; never edit one that has shipped — add
 * the next. The same tables as the SQLite store (sqliteMigrations.ts), in PostgreSQL's types:
 * times are epoch ms in BIGINT, event and broadcast bodies JSONB.
 */
const MIGRATIONS: string[] = [
  `CREATE TABLE events (
     id TEXT PRIMARY KEY,
     seq BIGINT NOT NULL UNIQUE,
     external_key TEXT UNIQUE,
     state TEXT NOT NULL,
     received_at BIGINT NOT NULL,
     duplicate_of TEXT,
     category TEXT NOT NULL,
     lng DOUBLE PRECISION NOT NULL,
     lat DOUBLE PRECISION NOT NULL,
     reported_at BIGINT NOT NULL,
     cell BIGINT NOT NULL,
     version INTEGER NOT NULL,
     body JSONB NOT NULL
   );
   CREATE INDEX events_received_at ON events (received_at);
   CREATE INDEX events_state ON events (state);
   CREATE INDEX events_open_by_cell ON events (category, cell, reported_at)
     WHERE duplicate_of IS NULL AND state IN ('reported','accepted','filed','dispatched','signed','handling','returned','escalated');
   CREATE SEQUENCE event_seq;
   CREATE TABLE transitions (
     id BIGSERIAL PRIMARY KEY,
     event_id TEXT NOT NULL REFERENCES events (id),
     from_state TEXT,
     to_state TEXT NOT NULL,
     actor TEXT NOT NULL,
     at_ms BIGINT NOT NULL,
     note TEXT
   );
   CREATE INDEX transitions_event ON transitions (event_id);
   CREATE SEQUENCE broadcast_seq;
   CREATE TABLE broadcasts (
     id TEXT PRIMARY KEY,
     sent_at BIGINT NOT NULL,
     state TEXT NOT NULL,
     body JSONB NOT NULL
   );
   CREATE TABLE deliveries (
     broadcast_id TEXT NOT NULL REFERENCES broadcasts (id),
     worker TEXT NOT NULL,
     delivered_at BIGINT,
     confirmed_at BIGINT,
     PRIMARY KEY (broadcast_id, worker)
   );
   CREATE TABLE operating_modes (
     id BIGSERIAL PRIMARY KEY,
     mode TEXT NOT NULL,
     actor TEXT NOT NULL,
     reason TEXT NOT NULL,
     at_ms BIGINT NOT NULL
   );
   CREATE TABLE accounts (
     username TEXT PRIMARY KEY,
     role TEXT NOT NULL,
     unit TEXT,
     password_hash TEXT,
     device_hash TEXT,
     enabled BOOLEAN NOT NULL,
     demo BOOLEAN NOT NULL,
     version INTEGER NOT NULL,
     created_at BIGINT NOT NULL,
     updated_at BIGINT NOT NULL
   );
   CREATE INDEX accounts_updated_at ON accounts (updated_at);
   CREATE INDEX accounts_role ON accounts (role, username);
   CREATE TABLE api_keys (
     id TEXT PRIMARY KEY,
     username TEXT NOT NULL REFERENCES accounts (username),
     secret_hash TEXT NOT NULL,
     created_at BIGINT NOT NULL,
     revoked_at BIGINT
   );
   CREATE INDEX api_keys_username ON api_keys (username);
   CREATE TABLE enrolment_codes (
     username TEXT PRIMARY KEY REFERENCES accounts (username),
     code_hash TEXT NOT NULL,
     expires_at BIGINT NOT NULL
   );
   CREATE TABLE refresh_tokens (
     token_hash TEXT PRIMARY KEY,
     username TEXT NOT NULL,
     expires_at BIGINT NOT NULL
   );
   CREATE INDEX refresh_tokens_username ON refresh_tokens (username);
   CREATE INDEX refresh_tokens_expires_at ON refresh_tokens (expires_at);
   CREATE TABLE audit_log (
     id BIGSERIAL PRIMARY KEY,
     at_ms BIGINT NOT NULL,
     actor TEXT NOT NULL,
     action TEXT NOT NULL,
     target TEXT,
     address TEXT,
     detail TEXT
   );
   CREATE INDEX audit_log_action ON audit_log (action, id);`,
  // Department accounts (职能部门) name their department.
  `ALTER TABLE accounts ADD COLUMN department TEXT;`,
  // Events' photos, re-encoded, with their thumbnails.
  `CREATE TABLE attachments (
     id TEXT PRIMARY KEY,
     event_id TEXT NOT NULL,
     content_type TEXT NOT NULL,
     width INTEGER NOT NULL,
     height INTEGER NOT NULL,
     image BYTEA NOT NULL,
     thumbnail BYTEA NOT NULL,
     by_user TEXT NOT NULL,
     created_at BIGINT NOT NULL
   );
   CREATE INDEX attachments_event ON attachments (event_id, created_at);`,
  // 三跨 cases: opened from events that span jurisdictions, with their joint meetings.
  `CREATE TABLE cases (
     id TEXT PRIMARY KEY,
     state TEXT NOT NULL,
     opened_at BIGINT NOT NULL,
     version INTEGER NOT NULL,
     body JSONB NOT NULL
   );
   CREATE INDEX cases_opened ON cases (opened_at);`,
  // Grid workers' patrol tracks, downsampled, kept a bounded number of days.
  `CREATE TABLE track_points (
     worker TEXT NOT NULL,
     at_ms BIGINT NOT NULL,
     lng DOUBLE PRECISION NOT NULL,
     lat DOUBLE PRECISION NOT NULL
   );
   CREATE INDEX track_points_worker ON track_points (worker, at_ms);
   CREATE INDEX track_points_at ON track_points (at_ms);`,
  // Each grid worker's patrol per Beijing day (time and distance between stored fixes at most
  // 5 min apart), worked out from the tracks kept so far; assessments read these rows.
  `CREATE TABLE patrol_days (
     worker TEXT NOT NULL,
     day_start_ms BIGINT NOT NULL,
     patrol_ms BIGINT NOT NULL,
     patrol_m DOUBLE PRECISION NOT NULL,
     PRIMARY KEY (worker, day_start_ms)
   );
   CREATE INDEX patrol_days_day ON patrol_days (day_start_ms);
   ${PATROL_DAYS_BACKFILL_SQL}`,
  // Refresh tokens belong to a family (a sign-in's session, which each refresh's successor
  // inherits) and are marked used rather than deleted until they expire, so a second use is seen
  // and revokes the family. A token issued before is a family of its own.
  `ALTER TABLE refresh_tokens ADD COLUMN family_id TEXT;
   ALTER TABLE refresh_tokens ADD COLUMN used_at BIGINT;
   UPDATE refresh_tokens SET family_id = token_hash;
   ALTER TABLE refresh_tokens ALTER COLUMN family_id SET NOT NULL;
   CREATE TABLE refresh_families (
     family_id TEXT PRIMARY KEY,
     username TEXT NOT NULL,
     expires_at BIGINT NOT NULL,
     revoked_at BIGINT
   );
   CREATE INDEX refresh_families_username ON refresh_families (username);
   CREATE INDEX refresh_families_expires_at ON refresh_families (expires_at);
   INSERT INTO refresh_families (family_id, username, expires_at) SELECT token_hash, username, expires_at FROM refresh_tokens;`,
];

/** The schema version this code writes. */
export const POSTGRES_SCHEMA_VERSION = MIGRATIONS.length;

/** Any number, the same in every node: the advisory lock that lets one node migrate at a time. */
const MIGRATION_LOCK = 0x63697479;

/**
 * Applies the missing versions in one transaction under an advisory lock: nodes starting together
 * wait for each other, and the second finds the work done.
 */
export async function migratePostgres(pool: Pool): Promise<void> {
  await inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)');
    const { rows } = await client.query<{ version: number | null }>('SELECT MAX(version) AS version FROM schema_migrations');
    const version = rows[0]?.version ?? 0;
    if (version > MIGRATIONS.length) throw new Error(`database schema ${version} is newer than this code (${MIGRATIONS.length})`);
    for (let v = version; v < MIGRATIONS.length; v++) {
      await client.query(MIGRATIONS[v]!);
      await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [v + 1, Date.now()]);
    }
  });
}

/** The version the database is at (0 before the first migration). */
export async function postgresSchemaVersion(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ version: number | null }>(
    "SELECT CASE WHEN to_regclass('schema_migrations') IS NULL THEN 0 ELSE (SELECT COALESCE(MAX(version), 0) FROM schema_migrations) END AS version",
  );
  return rows[0]?.version ?? 0;
}
