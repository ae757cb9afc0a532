import type { AttachmentInfo, AttachmentRepository, StoredAttachment } from './attachmentRepository.ts';
import type { SqlRunner } from './sqlRunner.ts';

/** An attachments row without its bytes; created_at in epoch milliseconds, bytes the image's size. */
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

/** One image (BLOB on SQLite, bytea on PostgreSQL: a Buffer from both drivers). */
interface BytesRow {
  event_id: string;
  content_type: string;
  bytes: Buffer;
}

const infoOf = (r: InfoRow): AttachmentInfo => ({
  id: r.id,
  eventId: r.event_id,
  contentType: r.content_type,
  width: r.width,
  height: r.height,
  by: r.by_user,
  atMs: r.created_at,
  bytes: Number(r.bytes),
});

/** The two reads of `get`: thumbnails are always re-encoded as JPEG, so their type is not stored. */
const SELECT_BYTES = {
  image: 'SELECT event_id, content_type, image AS bytes FROM attachments WHERE id = ?',
  thumbnail: "SELECT event_id, 'image/jpeg' AS content_type, thumbnail AS bytes FROM attachments WHERE id = ?",
} as const;

/** Events' photos on either store, so every node serves them. */
export class SqlAttachmentRepository implements AttachmentRepository {
  constructor(private readonly sql: SqlRunner) {}

  async save(a: StoredAttachment): Promise<void> {
    await this.sql.run('INSERT INTO attachments (id, event_id, content_type, width, height, image, thumbnail, by_user, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', [
      a.id,
      a.eventId,
      a.contentType,
      a.width,
      a.height,
      a.image,
      a.thumbnail,
      a.by,
      a.atMs,
    ]);
  }

  async get(id: string, which: 'image' | 'thumbnail'): Promise<{ eventId: string; contentType: string; bytes: Buffer } | null> {
    const row = await this.sql.get<BytesRow>(SELECT_BYTES[which], [id]);
    return row ? { eventId: row.event_id, contentType: row.content_type, bytes: row.bytes } : null;
  }

  async listOf(eventId: string): Promise<AttachmentInfo[]> {
    // LENGTH of a BLOB (SQLite) or a bytea (PostgreSQL) is its size in bytes on both.
    const rows = await this.sql.all<InfoRow>(
      'SELECT id, event_id, content_type, width, height, by_user, created_at, LENGTH(image) AS bytes FROM attachments WHERE event_id = ? ORDER BY created_at, id',
      [eventId],
    );
    return rows.map(infoOf);
  }
}
