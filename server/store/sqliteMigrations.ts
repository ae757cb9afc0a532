import type Database from 'better-sqlite3';
import { PATROL_DAYS_BACKFILL_SQL } from './patrolDaysBackfill.ts';

/** Schema versions, applied in order, each once; never edit one that has shipped — add the next. */
const MIGRATIONS: string[] = [
  `CREATE TABLE events (
     id TEXT PRIMARY KEY,
     seq INTEGER NOT NULL UNIQUE,
     external_key TEXT UNIQUE,
     state TEXT NOT NULL,
     received_at INTEGER NOT NULL,
     duplicate_of TEXT,
     body TEXT NOT NULL
   );
   CREATE INDEX events_received_at ON events (received_at);
   CREATE INDEX events_state ON events (state);
   CREATE TABLE transitions (
     id INTEGER PRIMARY KEY,
     event_id TEXT NOT NULL REFERENCES events (id),
     from_state TEXT,
     to_state TEXT NOT NULL,
     actor TEXT NOT NULL,
     at_ms INTEGER NOT NULL,
     note TEXT
   );
   CREATE INDEX transitions_event ON transitions (event_id);`,
  `CREATE TABLE broadcasts (
     id TEXT PRIMARY KEY,
     sent_at INTEGER NOT NULL,
     state TEXT NOT NULL,
     body TEXT NOT NULL
   );
   CREATE TABLE deliveries (
     broadcast_id TEXT NOT NULL REFERENCES broadcasts (id),
     worker TEXT NOT NULL,
     delivered_at INTEGER,
     confirmed_at INTEGER,
     PRIMARY KEY (broadcast_id, worker)
   ) WITHOUT ROWID;`,
  `CREATE TABLE operating_modes (
     id INTEGER PRIMARY KEY,
     mode TEXT NOT NULL,
     actor TEXT NOT NULL,
     reason TEXT NOT NULL,
     at_ms INTEGER NOT NULL
   );`,
  `CREATE TABLE accounts (
     username TEXT PRIMARY KEY,
     role TEXT NOT NULL,
     unit TEXT,
     password_hash TEXT,
     device_hash TEXT,
     enabled INTEGER NOT NULL,
     demo INTEGER NOT NULL,
     version INTEGER NOT NULL,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   );
   CREATE INDEX accounts_updated_at ON accounts (updated_at);
   CREATE INDEX accounts_role ON accounts (role, username);
   CREATE TABLE api_keys (
     id TEXT PRIMARY KEY,
     username TEXT NOT NULL REFERENCES accounts (username),
     secret_hash TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     revoked_at INTEGER
   );
   CREATE INDEX api_keys_username ON api_keys (username);
   CREATE TABLE enrolment_codes (
     username TEXT PRIMARY KEY REFERENCES accounts (username),
     code_hash TEXT NOT NULL,
     expires_at INTEGER NOT NULL
   );
   CREATE TABLE refresh_tokens (
     token_hash TEXT PRIMARY KEY,
     username TEXT NOT NULL,
     expires_at INTEGER NOT NULL
   );
   CREATE INDEX refresh_tokens_username ON refresh_tokens (username);
   CREATE INDEX refresh_tokens_expires_at ON refresh_tokens (expires_at);
   CREATE TABLE audit_log (
     id INTEGER PRIMARY KEY,
     at_ms INTEGER NOT NULL,
     actor TEXT NOT NULL,
     action TEXT NOT NULL,
     target TEXT,
     address TEXT,
     detail TEXT
   );
   CREATE INDEX audit_log_action ON audit_log (action, id);`,
  // The store becomes the truth: a version per event for optimistic concurrency, the columns the
  // duplicate search reads, and sequence numbers issued by the store.
  `ALTER TABLE events ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
   ALTER TABLE events ADD COLUMN category TEXT NOT NULL DEFAULT '';
   ALTER TABLE events ADD COLUMN lng REAL NOT NULL DEFAULT 0;
   ALTER TABLE events ADD COLUMN lat REAL NOT NULL DEFAULT 0;
   ALTER TABLE events ADD COLUMN reported_at INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE events ADD COLUMN cell INTEGER NOT NULL DEFAULT 0;
   UPDATE events SET category = json_extract(body, '$.category'), lng = json_extract(body, '$.lng'), lat = json_extract(body, '$.lat'), reported_at = json_extract(body, '$.reportedAtMs');
   -- The ≈ 200 m cell of events/duplicates.ts (the city's coordinates are positive: CAST floors them).
   UPDATE events SET cell = CAST(lng / 0.002 AS INTEGER) * 100000 + CAST(lat / 0.002 AS INTEGER);
   CREATE INDEX events_open_by_cell ON events (category, cell, reported_at)
     WHERE duplicate_of IS NULL AND state IN ('reported','accepted','filed','dispatched','signed','handling','returned','escalated');
   CREATE TABLE sequences (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
   INSERT INTO sequences (name, value) SELECT 'events', COALESCE(MAX(seq), 0) FROM events;
   INSERT INTO sequences (name, value) SELECT 'broadcasts', COALESCE(MAX(CAST(SUBSTR(id, 3) AS INTEGER)), 0) FROM broadcasts;`,
  // 6: department accounts (职能部门) name their department.
  `ALTER TABLE accounts ADD COLUMN department TEXT;`,
  // 7: events' photos, re-encoded, with their thumbnails.
  `CREATE TABLE attachments (
     id TEXT PRIMARY KEY,
     event_id TEXT NOT NULL,
     content_type TEXT NOT NULL,
     width INTEGER NOT NULL,
     height INTEGER NOT NULL,
     image BLOB NOT NULL,
     thumbnail BLOB NOT NULL,
     by_user TEXT NOT NULL,
     created_at INTEGER NOT NULL
   );
   CREATE INDEX attachments_event ON attachments (event_id, created_at);`,
  // 8: 三跨 cases, opened from events that span jurisdictions, with their joint meetings.
  `CREATE TABLE cases (
     id TEXT PRIMARY KEY,
     state TEXT NOT NULL,
     opened_at INTEGER NOT NULL,
     version INTEGER NOT NULL,
     body TEXT NOT NULL
   );
   CREATE INDEX cases_opened ON cases (opened_at);`,
  // 9: grid workers' patrol tracks, downsampled, kept a bounded number of days.
  `CREATE TABLE track_points (
     worker TEXT NOT NULL,
     at_ms INTEGER NOT NULL,
     lng REAL NOT NULL,
     lat REAL NOT NULL
   );
   CREATE INDEX track_points_worker ON track_points (worker, at_ms);
   CREATE INDEX track_points_at ON track_points (at_ms);`,
  // 10: each grid worker's patrol per Beijing day (time and distance between stored fixes at most
  // 5 min apart), worked out from the tracks kept so far; assessments read these rows.
  `CREATE TABLE patrol_days (
     worker TEXT NOT NULL,
     day_start_ms INTEGER NOT NULL,
     patrol_ms INTEGER NOT NULL,
     patrol_m REAL NOT NULL,
     PRIMARY KEY (worker, day_start_ms)
   );
   CREATE INDEX patrol_days_day ON patrol_days (day_start_ms);
   ${PATROL_DAYS_BACKFILL_SQL}`,
  // 11: refresh tokens belong to a family (a sign-in's session, which each refresh's successor
  // inherits) and are marked used rather than deleted until they expire, so a second use is seen
  // and revokes the family. A token issued before is a family of its own.
  `ALTER TABLE refresh_tokens ADD COLUMN family_id TEXT NOT NULL DEFAULT '';
   ALTER TABLE refresh_tokens ADD COLUMN used_at INTEGER;
   UPDATE refresh_tokens SET family_id = token_hash;
   CREATE TABLE refresh_families (
     family_id TEXT PRIMARY KEY,
     username TEXT NOT NULL,
     expires_at INTEGER NOT NULL,
     revoked_at INTEGER
   );
   CREATE INDEX refresh_families_username ON refresh_families (username);
   CREATE INDEX refresh_families_expires_at ON refresh_families (expires_at);
   INSERT INTO refresh_families (family_id, username, expires_at) SELECT token_hash, username, expires_at FROM refresh_tokens;`,
  // 12: the city's own units and roster, one row per import (server/city/cityVersion.ts); the
  // newest is the city in use, none means the generated city.
  `CREATE TABLE city_versions (
     version INTEGER PRIMARY KEY,
     imported_at INTEGER NOT NULL,
     imported_by TEXT NOT NULL,
     source TEXT NOT NULL,
     counts TEXT NOT NULL,
     warnings INTEGER NOT NULL,
     data BLOB NOT NULL
   );`,
  // 13: the change feed (common/domain/eventChanges.ts): each change to an event, the event as it
  // was right after, under a cursor that only grows; the horizon is the highest cursor retention
  // deleted.
  `CREATE TABLE event_changes (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     event_id TEXT NOT NULL,
     version INTEGER NOT NULL,
     type TEXT NOT NULL,
     at_ms INTEGER NOT NULL,
     body TEXT NOT NULL
   );
   CREATE INDEX event_changes_at ON event_changes (at_ms);
   CREATE TABLE event_changes_horizon (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL);
   INSERT INTO event_changes_horizon VALUES (1, 0);`,
  // 14: webhooks (server/webhooks/): subscriptions, and their deliveries — an outbox fanned out
  // from the change feed in one transaction with the fan-out's cursor, sent by one node at a time
  // (a claim per delivery), in order per event and subscription.
  `CREATE TABLE webhooks (
     id TEXT PRIMARY KEY,
     owner TEXT NOT NULL,
     url TEXT NOT NULL,
     topics TEXT NOT NULL,
     area TEXT,
     secret TEXT NOT NULL,
     from_seq INTEGER NOT NULL,
     created_at INTEGER NOT NULL,
     deleted_at INTEGER
   );
   CREATE INDEX webhooks_owner ON webhooks (owner);
   CREATE TABLE webhook_deliveries (
     id TEXT PRIMARY KEY,
     webhook_id TEXT NOT NULL,
     seq INTEGER NOT NULL,
     topic TEXT NOT NULL,
     event_id TEXT NOT NULL,
     body TEXT NOT NULL,
     state TEXT NOT NULL,
     attempts INTEGER NOT NULL,
     next_attempt_at INTEGER NOT NULL,
     claimed_until INTEGER NOT NULL,
     last_status INTEGER,
     last_error TEXT,
     created_at INTEGER NOT NULL,
     done_at INTEGER
   );
   CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at);
   CREATE INDEX webhook_deliveries_order ON webhook_deliveries (webhook_id, event_id, seq);
   CREATE INDEX webhook_deliveries_listed ON webhook_deliveries (webhook_id, seq);
   CREATE TABLE webhook_fanout (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL);
   INSERT INTO webhook_fanout SELECT 1, COALESCE(MAX(seq), 0) FROM event_changes;`,
  // 15: an integration account's channel: what its reports are filed under when it does not say
  // (Open311, whose requests name no channel: a hotline key files as hotline12345).
  `ALTER TABLE accounts ADD COLUMN channel TEXT;`,
  // 16: broadcasts waiting for a second officer (BROADCAST_APPROVAL), and how each ended; the
  // broadcast itself is stored when approved, under the draft's id.
  `CREATE TABLE broadcast_drafts (
     id TEXT PRIMARY KEY,
     state TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     body TEXT NOT NULL
   );
   CREATE INDEX broadcast_drafts_state ON broadcast_drafts (state, created_at);`,
  // 17: warnings other systems sent as CAP 1.2 (POST /api/warnings), once each by sender and
  // identifier, with the draft broadcast each became.
  `CREATE TABLE warnings (
     id TEXT PRIMARY KEY,
     sender TEXT NOT NULL,
     identifier TEXT NOT NULL,
     msg_type TEXT NOT NULL,
     status TEXT NOT NULL,
     received_at INTEGER NOT NULL,
     received_by TEXT NOT NULL,
     draft_id TEXT,
     xml TEXT NOT NULL,
     UNIQUE (sender, identifier)
   );`,
  // 18: which broadcasts' webhook topics (broadcast.sent, broadcast.completed) were fanned out: each
  // once, in the transaction that writes its deliveries.
  `CREATE TABLE webhook_broadcasts_told (
     broadcast_id TEXT NOT NULL,
     topic TEXT NOT NULL,
     PRIMARY KEY (broadcast_id, topic)
   );`,
  // 19: reaching phones whose app is closed. The deployment's keys made on first start (VAPID for
  // Web Push), each worker's phones' push subscriptions, and each attempt by another channel than
  // the socket (push, SMS) — written before it is made, so a restart or a second node never makes
  // it twice; an SMS's number, its link's one-time code, and when the link was opened and confirmed.
  `CREATE TABLE deployment_keys (
     name TEXT PRIMARY KEY,
     value TEXT NOT NULL,
     created_at INTEGER NOT NULL
   );
   CREATE TABLE push_subscriptions (
     endpoint TEXT PRIMARY KEY,
     worker TEXT NOT NULL,
     p256dh TEXT NOT NULL,
     auth TEXT NOT NULL,
     created_at INTEGER NOT NULL
   );
   CREATE INDEX push_subscriptions_worker ON push_subscriptions (worker, created_at);
   CREATE TABLE reach_attempts (
     broadcast_id TEXT NOT NULL,
     worker TEXT NOT NULL,
     channel TEXT NOT NULL,
     state TEXT NOT NULL,
     at INTEGER NOT NULL,
     tries INTEGER NOT NULL DEFAULT 0,
     next_at INTEGER,
     address TEXT,
     code TEXT,
     opened_at INTEGER,
     confirmed_at INTEGER,
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
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     kind TEXT NOT NULL,
     from_ms INTEGER NOT NULL,
     to_ms INTEGER NOT NULL,
     written_at INTEGER NOT NULL,
     frames INTEGER NOT NULL,
     body BLOB NOT NULL
   );
   CREATE INDEX wall_replay_kind_from ON wall_replay (kind, from_ms);
   CREATE INDEX wall_replay_to ON wall_replay (to_ms);
   CREATE INDEX wall_replay_written ON wall_replay (written_at);`,
];

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Applies the missing versions, each in an IMMEDIATE transaction that reads the version itself:
 * the nodes of a cluster open the same file at once, and one that read the version before another
 * had migrated would create the tables twice ("table events already exists") and die. `upTo`
 * stops at an older version (to test a migration on data written before it).
 */
export function migrate(db: Database.Database, upTo = MIGRATIONS.length): void {
  const step = db.transaction((): boolean => {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > MIGRATIONS.length) throw new Error(`database schema ${version} is newer than this code (${MIGRATIONS.length})`);
    if (version >= upTo) return false;
    db.exec(MIGRATIONS[version]!);
    db.pragma(`user_version = ${version + 1}`);
    return true;
  });
  while (step.immediate());
}
