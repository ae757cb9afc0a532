/** A photo of an event as stored: the image (re-encoded, metadata stripped) and its thumbnail. */
export interface StoredAttachment {
  id: string;
  eventId: string;
  contentType: string;
  width: number;
  height: number;
  image: Buffer;
  thumbnail: Buffer;
  by: string;
  atMs: number;
}

/** What a listing says of an attachment, without its bytes. */
export type AttachmentInfo = Omit<StoredAttachment, 'image' | 'thumbnail'> & { bytes: number };

/**
 * Events' photos, in the store every node shares (SQLite or PostgreSQL), so any node serves
 * them. A save resolves once committed.
 */
export interface AttachmentRepository {
  save(attachment: StoredAttachment): Promise<void>;
  /** The image or its thumbnail, with the event it belongs to (to check who may see it). */
  get(id: string, which: 'image' | 'thumbnail'): Promise<{ eventId: string; contentType: string; bytes: Buffer } | null>;
  /** An event's attachments, oldest first. */
  listOf(eventId: string): Promise<AttachmentInfo[]>;
}
