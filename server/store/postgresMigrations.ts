import type { Pool } from 'pg';
import { inTransaction } from './postgresTransaction.ts';
import { PATROL_DAYS_BACKFILL_SQL } from './patrolDaysBackfill.ts';
import { type Migration, oldestReaders, type SchemaLevel, schemaRefusal } from './schemaRange.ts';

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
  // The city's own units and roster, one row per import (server/city/cityVersion.ts); the newest
  // is the city in use, none means the generated city.
  `CREATE TABLE city_versions (
     version INTEGER PRIMARY KEY,
     imported_at BIGINT NOT NULL,
     imported_by TEXT NOT NULL,
     source TEXT NOT NULL,
     counts TEXT NOT NULL,
     warnings INTEGER NOT NULL,
     data BYTEA NOT NULL
   );`,
  // The change feed (common/domain/eventChanges.ts): each change to an event, the event as it was
  // right after, under a cursor that only grows (writers take an advisory lock before taking one,
  // so cursors commit in order); the horizon is the highest cursor retention deleted.
  `CREATE TABLE event_changes (
     seq BIGSERIAL PRIMARY KEY,
     event_id TEXT NOT NULL,
     version INTEGER NOT NULL,
     type TEXT NOT NULL,
     at_ms BIGINT NOT NULL,
     body JSONB NOT NULL
   );
   CREATE INDEX event_changes_at ON event_changes (at_ms);
   CREATE TABLE event_changes_horizon (id INTEGER PRIMARY KEY CHECK (id = 1), seq BIGINT NOT NULL);
   INSERT INTO event_changes_horizon VALUES (1, 0);`,
  // Webhooks (server/webhooks/): subscriptions, and their deliveries — an outbox fanned out
  // from the change feed in one transaction with the fan-out's cursor, sent by one node at a time
  // (a claim per delivery), in order per event and subscription.
  `CREATE TABLE webhooks (
     id TEXT PRIMARY KEY,
     owner TEXT NOT NULL,
     url TEXT NOT NULL,
     topics TEXT NOT NULL,
     area TEXT,
     secret TEXT NOT NULL,
     from_seq BIGINT NOT NULL,
     created_at BIGINT NOT NULL,
     deleted_at BIGINT
   );
   CREATE INDEX webhooks_owner ON webhooks (owner);
   CREATE TABLE webhook_deliveries (
     id TEXT PRIMARY KEY,
     webhook_id TEXT NOT NULL,
     seq BIGINT NOT NULL,
     topic TEXT NOT NULL,
     event_id TEXT NOT NULL,
     body TEXT NOT NULL,
     state TEXT NOT NULL,
     attempts INTEGER NOT NULL,
     next_attempt_at BIGINT NOT NULL,
     claimed_until BIGINT NOT NULL,
     last_status INTEGER,
     last_error TEXT,
     created_at BIGINT NOT NULL,
     done_at BIGINT
   );
   CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at);
   CREATE INDEX webhook_deliveries_order ON webhook_deliveries (webhook_id, event_id, seq);
   CREATE INDEX webhook_deliveries_listed ON webhook_deliveries (webhook_id, seq);
   CREATE TABLE webhook_fanout (id INTEGER PRIMARY KEY CHECK (id = 1), seq BIGINT NOT NULL);
   INSERT INTO webhook_fanout SELECT 1, COALESCE(MAX(seq), 0) FROM event_changes;`,
  // An integration account's channel: what its reports are filed under when it does not say
  // (Open311, whose requests name no channel: a hotline key files as hotline12345).
  `ALTER TABLE accounts ADD COLUMN channel TEXT;`,
  // broadcasts waiting for a second officer (BROADCAST_APPROVAL), and how each ended; the
  // broadcast itself is stored when approved, under the draft's id.
  `CREATE TABLE broadcast_drafts (
     id TEXT PRIMARY KEY,
     state TEXT NOT NULL,
     created_at BIGINT NOT NULL,
     body TEXT NOT NULL
   );
   CREATE INDEX broadcast_drafts_state ON broadcast_drafts (state, created_at);`,
  // warnings other systems sent as CAP 1.2 (POST /api/warnings), once each by sender and
  // identifier, with the draft broadcast each became.
  `CREATE TABLE warnings (
     id TEXT PRIMARY KEY,
     sender TEXT NOT NULL,
     identifier TEXT NOT NULL,
     msg_type TEXT NOT NULL,
     status TEXT NOT NULL,
     received_at BIGINT NOT NULL,
     received_by TEXT NOT NULL,
     draft_id TEXT,
     xml TEXT NOT NULL,
     UNIQUE (sender, identifier)
   );`,
  // which broadcasts' webhook topics (broadcast.sent, broadcast.completed) were fanned out: each
  // once, in the transaction that writes its deliveries.
  `CREATE TABLE webhook_broadcasts_told (
     broadcast_id TEXT NOT NULL,
     topic TEXT NOT NULL,
     PRIMARY KEY (broadcast_id, topic)
   );`,
  // reaching phones whose app is closed. The deployment's keys made on first start (VAPID for
  // Web Push), each worker's phones' push subscriptions, and each attempt by another channel than
  // the socket (push, SMS) — written before it is made, so a restart or a second node never makes
  // it twice; an SMS's number, its link's one-time code, and when the link was opened and confirmed.
  `CREATE TABLE deployment_keys (
     name TEXT PRIMARY KEY,
     value TEXT NOT NULL,
     created_at BIGINT NOT NULL
   );
   CREATE TABLE push_subscriptions (
     endpoint TEXT PRIMARY KEY,
     worker TEXT NOT NULL,
     p256dh TEXT NOT NULL,
     auth TEXT NOT NULL,
     created_at BIGINT NOT NULL
   );
   CREATE INDEX push_subscriptions_worker ON push_subscriptions (worker, created_at);
   CREATE TABLE reach_attempts (
     broadcast_id TEXT NOT NULL,
     worker TEXT NOT NULL,
     channel TEXT NOT NULL,
     state TEXT NOT NULL,
     at BIGINT NOT NULL,
     tries INTEGER NOT NULL DEFAULT 0,
     next_at BIGINT,
     address TEXT,
     code TEXT,
     opened_at BIGINT,
     confirmed_at BIGINT,
     detail TEXT,
     PRIMARY KEY (broadcast_id, worker, channel)
   );
   CREATE UNIQUE INDEX reach_attempts_code ON reach_attempts (code);
   CREATE INDEX reach_attempts_due ON reach_attempts (channel, state, next_at);`,
  // 20: the wall's replay. What the walls were fed, as the node making their feed wrote it: whole
  // wall snapshots (keyframes, periodically and whenever the feed's sequence starts again) and, in
  // between, the feed's deltas a second at a time; each row's body deflated JSON. `from_ms` and
  // `to_ms` are the city's time of its first and last frame (what the wall's clock showed),
  // `written_at` real time (for retention).
  `CREATE TABLE wall_replay (
     id BIGSERIAL PRIMARY KEY,
     kind TEXT NOT NULL,
     from_ms BIGINT NOT NULL,
     to_ms BIGINT NOT NULL,
     written_at BIGINT NOT NULL,
     frames INTEGER NOT NULL,
     body BYTEA NOT NULL
   );
   CREATE INDEX wall_replay_kind_from ON wall_replay (kind, from_ms);
   CREATE INDEX wall_replay_to ON wall_replay (to_ms);
   CREATE INDEX wall_replay_written ON wall_replay (written_at);`,
];

/**
 * The migrations that contract the schema, by version: the oldest code that still works once each
 * is applied. Every other migration expands it. A release may contract only what the release
 * before it no longer reads (expand in one release, contract in a later one).
 */
const CONTRACTS: ReadonlyMap<number, number> = new Map([
  // Refresh tokens' family_id NOT NULL: code that knows no families cannot issue a refresh token.
  [7, 7],
]);

/** This code's migrations, with what each contracts. */
export const POSTGRES_MIGRATIONS: readonly Migration[] = MIGRATIONS.map((sql, i) => ({ sql, oldestReader: CONTRACTS.get(i + 1) }));

/** Any number, the same in every node: the advisory lock that lets one node migrate at a time. */
const MIGRATION_LOCK = 0x63697479;

/**
 * Applies the missing versions in one transaction under an advisory lock: nodes starting together
 * wait for each other, and the second finds the work done. A store already past these migrations
 * (a newer release migrated it) is left as it is when its schema still admits this code, and
 * refused with the reason otherwise.
 */
export async function migratePostgres(pool: Pool, migrations: readonly Migration[] = POSTGRES_MIGRATIONS): Promise<void> {
  const readers = oldestReaders(migrations);
  await inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)');
    // Which code each version admits; stores migrated before it was recorded get it from this code's list.
    await client.query('ALTER TABLE schema_migrations ADD COLUMN IF NOT EXISTS oldest_reader INTEGER');
    for (const [i, reader] of readers.entries()) await client.query('UPDATE schema_migrations SET oldest_reader = $2 WHERE version = $1 AND oldest_reader IS NULL', [i + 1, reader]);
    const level = await schemaLevelOf(client);
    if (level.version > migrations.length) {
      const refusal = schemaRefusal(level, migrations.length);
      if (refusal) throw new Error(refusal);
      return;
    }
    for (let v = level.version; v < migrations.length; v++) {
      await client.query(migrations[v]!.sql);
      await client.query('INSERT INTO schema_migrations (version, applied_at, oldest_reader) VALUES ($1, $2, $3)', [v + 1, Date.now(), readers[v]!]);
    }
  });
}

/** The store's version and the oldest code it admits (0 and 0 before the first migration). */
async function schemaLevelOf(db: Pick<Pool, 'query'>): Promise<SchemaLevel> {
  const { rows } = await db.query<{ version: number | null; oldest_reader: number | null }>('SELECT version, oldest_reader FROM schema_migrations ORDER BY version DESC LIMIT 1');
  return { version: rows[0]?.version ?? 0, oldestReader: rows[0]?.oldest_reader ?? 0 };
}

/** Where the store's schema stands now (version 0 before the first migration). */
export async function postgresSchemaLevel(pool: Pool): Promise<SchemaLevel> {
  const { rows } = await pool.query<{ present: boolean }>("SELECT to_regclass('schema_migrations') IS NOT NULL AS present");
  if (!rows[0]?.present) return { version: 0, oldestReader: 0 };
  const { rows: columns } = await pool.query<{ present: boolean }>(
    "SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'schema_migrations' AND column_name = 'oldest_reader' AND table_schema = current_schema()) AS present",
  );
  if (!columns[0]?.present) {
    const { rows: versions } = await pool.query<{ version: number | null }>('SELECT MAX(version) AS version FROM schema_migrations');
    return { version: versions[0]?.version ?? 0, oldestReader: 0 };
  }
  return schemaLevelOf(pool);
}
