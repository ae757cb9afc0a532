import type { Pool } from 'pg';
import type { AttachmentInfo, AttachmentRepository, StoredAttachment } from './attachmentRepository.ts';
// Imported for its side effect too: BIGINT columns (the times) read back as numbers.
import './postgresDatabase.ts';

/** Events' photos in PostgreSQL (bytea), so every node serves them. */
export class PostgresAttachmentRepository implements AttachmentRepository {
  constructor(private readonly pool: Pool) {}

  async save(a: StoredAttachment): Promise<void> {
    await this.pool.query('INSERT INTO attachments (id, event_id, content_type, width, height, image, thumbnail, by_user, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
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
    const column = which === 'image' ? 'image' : 'thumbnail';
    const { rows } = await this.pool.query<{ event_id: string; content_type: string; bytes: Buffer }>(
      `SELECT event_id, ${which === 'image' ? 'content_type' : "'image/jpeg' AS content_type"}, ${column} AS bytes FROM attachments WHERE id = $1`,
      [id],
    );
    return rows[0] ? { eventId: rows[0].event_id, contentType: rows[0].content_type, bytes: rows[0].bytes } : null;
  }

  async listOf(eventId: string): Promise<AttachmentInfo[]> {
    const { rows } = await this.pool.query<{ id: string; event_id: string; content_type: string; width: number; height: number; by_user: string; created_at: number; bytes: number }>(
      'SELECT id, event_id, content_type, width, height, by_user, created_at, octet_length(image) AS bytes FROM attachments WHERE event_id = $1 ORDER BY created_at, id',
      [eventId],
    );
    return rows.map((r) => ({ id: r.id, eventId: r.event_id, contentType: r.content_type, width: r.width, height: r.height, by: r.by_user, atMs: r.created_at, bytes: Number(r.bytes) }));
  }
}
