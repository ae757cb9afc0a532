import type { AccountRepository } from '../accounts/accountRepository.ts';
import type { AttachmentRepository } from './attachmentRepository.ts';
import { PostgresAttachmentRepository } from './postgresAttachmentRepository.ts';
import { SqliteAttachmentRepository } from './sqliteAttachmentRepository.ts';
import type { AuditRepository } from '../audit/auditLog.ts';
import type { BroadcastRepository } from './broadcastRepository.ts';
import type { EventRepository } from './eventRepository.ts';
import type { ModeRepository } from './modeRepository.ts';
import { PostgresAccountRepository } from './postgresAccountRepository.ts';
import { PostgresAuditRepository } from './postgresAuditRepository.ts';
import { PostgresBroadcastRepository } from './postgresBroadcastRepository.ts';
import { openPostgres, postgresProbe } from './postgresDatabase.ts';
import { PostgresEventRepository } from './postgresEventRepository.ts';
import { PostgresModeRepository } from './postgresModeRepository.ts';
import { SqliteAccountRepository } from './sqliteAccountRepository.ts';
import { SqliteAuditRepository } from './sqliteAuditRepository.ts';
import { SqliteBroadcastRepository } from './sqliteBroadcastRepository.ts';
import { openDatabase, sqliteProbe } from './sqliteDatabase.ts';
import { SqliteEventRepository } from './sqliteEventRepository.ts';
import { SqliteModeRepository } from './sqliteModeRepository.ts';
import type { CaseRepository } from './caseRepository.ts';
import type { TrackRepository } from './trackRepository.ts';
import { PostgresTrackRepository } from './postgresTrackRepository.ts';
import { SqliteTrackRepository } from './sqliteTrackRepository.ts';
import { PostgresCaseRepository } from './postgresCaseRepository.ts';
import { SqliteCaseRepository } from './sqliteCaseRepository.ts';
import type { StoreProbe } from './storeStatus.ts';

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
  probe: StoreProbe;
  close(): Promise<void>;
}

/** Where the data lives: PostgreSQL when `databaseUrl` is set (postgres://…), else the SQLite file. */
export async function openStores(where: { databaseUrl: string | null; databaseFile: string }): Promise<Stores> {
  if (where.databaseUrl) {
    const pool = await openPostgres(where.databaseUrl);
    let closed = false;
    return {
      kind: 'postgres',
      events: new PostgresEventRepository(pool),
      broadcasts: new PostgresBroadcastRepository(pool),
      modes: new PostgresModeRepository(pool),
      accounts: new PostgresAccountRepository(pool),
      audit: new PostgresAuditRepository(pool),
      attachments: new PostgresAttachmentRepository(pool),
      cases: new PostgresCaseRepository(pool),
      tracks: new PostgresTrackRepository(pool),
      probe: postgresProbe(pool),
      close: async () => {
        if (closed) return;
        closed = true;
        await pool.end();
      },
    };
  }
  const db = openDatabase(where.databaseFile);
  return {
    kind: 'sqlite',
    events: new SqliteEventRepository(db),
    broadcasts: new SqliteBroadcastRepository(db),
    modes: new SqliteModeRepository(db),
    accounts: new SqliteAccountRepository(db),
    audit: new SqliteAuditRepository(db),
    attachments: new SqliteAttachmentRepository(db),
    cases: new SqliteCaseRepository(db),
    tracks: new SqliteTrackRepository(db),
    probe: sqliteProbe(db),
    close: async () => {
      if (db.open) db.close();
    },
  };
}
