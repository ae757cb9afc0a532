import type Database from 'better-sqlite3';

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
];

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Applies the missing versions, each in an IMMEDIATE transaction that reads the version itself:
 * the nodes of a cluster open the same file at once, and one that read the version before another
 * had migrated would create the tables twice ("table events already exists") and die.
 */
export function migrate(db: Database.Database): void {
  const step = db.transaction((): boolean => {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > MIGRATIONS.length) throw new Error(`database schema ${version} is newer than this code (${MIGRATIONS.length})`);
    if (version === MIGRATIONS.length) return false;
    db.exec(MIGRATIONS[version]!);
    db.pragma(`user_version = ${version + 1}`);
    return true;
  });
  while (step.immediate());
}
