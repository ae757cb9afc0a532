import type Database from 'better-sqlite3';
import type { AttachmentInfo, AttachmentRepository, StoredAttachment } from './attachmentRepository.ts';

interface InfoRow {
  id: string;
  event_id: string;
  content_type: string;
  width: number;
  height: number;
  by_user: string;
  created_at: number;
  bytes: number;
}

const infoOf = (r: InfoRow): AttachmentInfo => ({ id: r.id, eventId: r.event_id, contentType: r.content_type, width: r.width, height: r.height, by: r.by_user, atMs: r.created_at, bytes: r.bytes });

/** Events' photos in the embedded database. */
export class SqliteAttachmentRepository implements AttachmentRepository {
  private readonly s;

  constructor(db: Database.Database) {
    this.s = {
      insert: db.prepare('INSERT INTO attachments (id, event_id, content_type, width, height, image, thumbnail, by_user, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
      image: db.prepare<[string], { event_id: string; content_type: string; bytes: Buffer }>('SELECT event_id, content_type, image AS bytes FROM attachments WHERE id = ?'),
      thumbnail: db.prepare<[string], { event_id: string; content_type: string; bytes: Buffer }>("SELECT event_id, 'image/jpeg' AS content_type, thumbnail AS bytes FROM attachments WHERE id = ?"),
      list: db.prepare<[string], InfoRow>('SELECT id, event_id, content_type, width, height, by_user, created_at, LENGTH(image) AS bytes FROM attachments WHERE event_id = ? ORDER BY created_at, id'),
    };
  }

  async save(a: StoredAttachment): Promise<void> {
    this.s.insert.run(a.id, a.eventId, a.contentType, a.width, a.height, a.image, a.thumbnail, a.by, a.atMs);
  }

  async get(id: string, which: 'image' | 'thumbnail'): Promise<{ eventId: string; contentType: string; bytes: Buffer } | null> {
    const row = this.s[which].get(id);
    return row ? { eventId: row.event_id, contentType: row.content_type, bytes: row.bytes } : null;
  }

  async listOf(eventId: string): Promise<AttachmentInfo[]> {
    return this.s.list.all(eventId).map(infoOf);
  }
}
