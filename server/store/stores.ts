import type { AccountRepository } from '../accounts/accountRepository.ts';
import type { AttachmentRepository } from './attachmentRepository.ts';
import type { AuditRepository } from '../audit/auditLog.ts';
import type { BroadcastRepository } from './broadcastRepository.ts';
import type { EventRepository } from './eventRepository.ts';
import type { ModeRepository } from './modeRepository.ts';
import { postgresAccountBatches } from './postgresAccountBatches.ts';
import { PostgresBroadcastRepository } from './postgresBroadcastRepository.ts';
import { openPostgres, postgresProbe } from './postgresDatabase.ts';
import { PostgresEventRepository } from './postgresEventRepository.ts';
import { sqliteAccountBatches } from './sqliteAccountBatches.ts';
import { SqliteBroadcastRepository } from './sqliteBroadcastRepository.ts';
import { openDatabase, sqliteProbe } from './sqliteDatabase.ts';
import { SqliteEventRepository } from './sqliteEventRepository.ts';
import type { CaseRepository } from './caseRepository.ts';
import type { TrackRepository } from './trackRepository.ts';
import { PostgresTrackRepository } from './postgresTrackRepository.ts';
import { SqliteTrackRepository } from './sqliteTrackRepository.ts';
import { postgresRunner } from './postgresRunner.ts';
import { SqlAccountRepository } from './sqlAccountRepository.ts';
import { SqlAttachmentRepository } from './sqlAttachmentRepository.ts';
import { SqlAuditRepository } from './sqlAuditRepository.ts';
import { SqlCaseRepository } from './sqlCaseRepository.ts';
import { sqliteRunner } from './sqliteRunner.ts';
import { SqlModeRepository } from './sqlModeRepository.ts';
import { SqlCityVersionRepository } from './cityVersionRepository.ts';
import type { SqlRunner } from './sqlRunner.ts';
import type { StoreProbe } from './storeStatus.ts';
import type { Migration } from './schemaRange.ts';
import { type RetentionStore, SqlRetentionStore } from '../retention/retentionStore.ts';
import { WebhookStore } from '../webhooks/webhookStore.ts';
import { PushStore } from '../push/pushStore.ts';
import { SmsStore } from '../sms/smsStore.ts';
import { ReachStore } from '../reach/reachStore.ts';
import { DraftStore } from '../broadcasts/draftStore.ts';
import { WarningStore } from '../warnings/warningStore.ts';
import { ReplayStore } from '../replay/replayStore.ts';
import { ChangeLog } from './changeLog.ts';

/**
 * The repositories whose SQL is the same on both stores, written once on the runner (accounts
 * with its batches passed in per store). Events, broadcasts and tracks stay twins: their batch
 * writes (group commits, unnest), sequences and locks differ per store.
 */
function sqlRepositories(
  sql: SqlRunner,
): Pick<Stores, 'modes' | 'audit' | 'attachments' | 'cases' | 'cityVersions' | 'webhooks' | 'drafts' | 'warnings' | 'push' | 'sms' | 'reach' | 'replay' | 'changeLog'> {
  return {
    replay: new ReplayStore(sql),
    changeLog: new ChangeLog(sql),
    push: new PushStore(sql),
    sms: new SmsStore(sql),
    reach: new ReachStore(sql),
    warnings: new WarningStore(sql),
    drafts: new DraftStore(sql),
    webhooks: new WebhookStore(sql),
    modes: new SqlModeRepository(sql),
    audit: new SqlAuditRepository(sql),
    attachments: new SqlAttachmentRepository(sql),
    cases: new SqlCaseRepository(sql),
    cityVersions: new SqlCityVersionRepository(sql),
  };
}

/** Every store the server uses, on one database: SQLite (embedded, one file) or PostgreSQL. */
export interface Stores {
  kind: 'sqlite' | 'postgres';
  events: EventRepository;
  broadcasts: BroadcastRepository;
  modes: ModeRepository;
  accounts: AccountRepository;
  audit: AuditRepository;
  attachments: AttachmentRepository;
  cases: CaseRepository;
  tracks: TrackRepository;
  /** The imported city versions (none: the generated city). */
  cityVersions: SqlCityVersionRepository;
  /** Warnings received as CAP from other systems. */
  warnings: WarningStore;
  /** Broadcasts waiting for a second officer. */
  drafts: DraftStore;
  /** Webhook subscriptions and their deliveries' outbox. */
  webhooks: WebhookStore;
  /** Web Push: the deployment's keys, workers' subscriptions, attempts by channel. */
  push: PushStore;
  /** The SMS ladder: each SMS claimed before it is sent, its link's code, opened and confirmed. */
  sms: SmsStore;
  /** What was tried beyond the socket, per broadcast and worker (proof by channel). */
  reach: ReachStore;
  /** What the walls were fed: keyframes and deltas, for replay. */
  replay: ReplayStore;
  /** The change feed read by time: events as they were. */
  changeLog: ChangeLog;
  /** The retention policy's batched deletes. */
  retention: RetentionStore;
  probe: StoreProbe;
  close(): Promise<void>;
}

/**
 * Where the data lives: PostgreSQL when `databaseUrl` is set (postgres://…), else the SQLite file.
 * `postgresMigrations`: the schema this code knows, unless a test poses as another release.
 */
export async function openStores(where: { databaseUrl: string | null; databaseFile: string; postgresMigrations?: readonly Migration[] }): Promise<Stores> {
  if (where.databaseUrl) {
    const pool = await openPostgres(where.databaseUrl, where.postgresMigrations);
    const sql = postgresRunner(pool);
    let closed = false;
    const events = new PostgresEventRepository(pool);
    return {
      kind: 'postgres',
      events,
      broadcasts: new PostgresBroadcastRepository(pool),
      ...sqlRepositories(sql),
      accounts: new SqlAccountRepository(sql, postgresAccountBatches(pool)),
      tracks: new PostgresTrackRepository(pool),
      retention: new SqlRetentionStore(sql, 'postgres', (beforeMs, limit) => events.deleteChangesBefore(beforeMs, limit)),
      probe: postgresProbe(pool, where.postgresMigrations),
      close: async () => {
        if (closed) return;
        closed = true;
        await pool.end();
      },
    };
  }
  const db = openDatabase(where.databaseFile);
  const sql = sqliteRunner(db);
  const events = new SqliteEventRepository(db);
  return {
    kind: 'sqlite',
    events,
    broadcasts: new SqliteBroadcastRepository(db),
    ...sqlRepositories(sql),
    accounts: new SqlAccountRepository(sql, sqliteAccountBatches(sql)),
    tracks: new SqliteTrackRepository(db),
    retention: new SqlRetentionStore(sql, 'sqlite', (beforeMs, limit) => events.deleteChangesBefore(beforeMs, limit)),
    probe: sqliteProbe(db),
    close: async () => {
      if (db.open) db.close();
    },
  };
}
