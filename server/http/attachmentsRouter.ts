import { createHash, randomBytes } from 'node:crypto';
import { type NextFunction, type Request, type Response, Router } from 'express';
import multer from 'multer';
import type { CityEvent } from '../../common/domain/eventRecords.ts';
import { MAX_UPLOAD_BYTES, preparePhoto } from '../attachments/photos.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import { requireRole } from '../auth/authMiddleware.ts';
import { mayActOn, mayReadContacts } from '../auth/areaPolicy.ts';
import type { EventService } from '../events/eventService.ts';
import type { AttachmentRepository } from '../store/attachmentRepository.ts';
import type { DomainNow } from '../time/domainClock.ts';

/** Who may see an event's photos: whoever reads events, and a department only what is dispatched to it. */

/**
 * Events' photos: `POST /api/events/:id/attachments` (multipart/form-data, the image in field
 * `file`) → 201 `{ id, url, thumbnailUrl }`, once the store has it; `GET /api/attachments/:id`
 * and `…/thumbnail` serve it to those who may see the event. The caller and the event are
 * checked before the body is read, so a refused upload costs nothing.
 */
export function attachmentsRouter(events: EventService, attachments: AttachmentRepository, auth: Authenticator, clock: DomainNow): Router {
  const router = Router();
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5, parts: 6 } }).single('file');

  router.post('/events/:id/attachments', requireRole(auth, 'officer', 'department', 'integration', 'worker'), async (req, res, next) => {
    const event = await events.get(String(req.params.id));
    if (!event) return void res.status(404).json({ error: `no event ${req.params.id}` });
    if (!mayActOn(req.principal!, event)) return void res.status(403).json({ error: `you may not add photos to ${event.id}` });
    upload(req, res, (error: unknown) => void receive(error, req, res, event).catch(next));
  });

  async function receive(error: unknown, req: Request, res: Response, event: CityEvent): Promise<void> {
    if (error instanceof multer.MulterError) {
      if (error.code === 'LIMIT_FILE_SIZE') return void res.status(413).json({ error: `file: larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB`, fields: ['file'] });
      return void res.status(400).json({ error: `${error.field ?? 'file'}: ${error.message}`, fields: [error.field ?? 'file'] });
    }
    if (error) return void res.status(400).json({ error: 'file: send multipart/form-data with the image in field file', fields: ['file'] });
    if (!req.file) return void res.status(400).json({ error: 'file: send multipart/form-data with the image in field file', fields: ['file'] });
    // A phone's outbox names each photo (clientKey): sent again after a lost answer, it is the same photo.
    const clientKey = typeof req.body?.clientKey === 'string' ? req.body.clientKey : undefined;
    if (clientKey !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(clientKey)) return void res.status(400).json({ error: 'clientKey: 1–64 letters, digits, _ or -', fields: ['clientKey'] });
    const id = clientKey ? `AT${createHash('sha256').update(`${event.id}\n${req.principal!.username}\n${clientKey}`).digest('hex').slice(0, 16)}` : `AT${randomBytes(8).toString('hex')}`;
    const answer = { id, url: `/api/attachments/${id}`, thumbnailUrl: `/api/attachments/${id}/thumbnail` };
    if (clientKey && (await attachments.get(id, 'thumbnail'))) return void res.status(200).json(answer);
    const photo = await preparePhoto(req.file.buffer);
    if ('error' in photo) return void res.status(415).json({ error: photo.error, fields: ['file'] });
    try {
      await attachments.save({ id, eventId: event.id, ...photo, by: req.principal!.username, atMs: clock() });
    } catch (error) {
      // The same photo sent twice at once: the one stored first stands.
      if (clientKey && (await attachments.get(id, 'thumbnail'))) return void res.status(200).json(answer);
      throw error;
    }
    res.status(201).json(answer);
  }

  const readers = requireRole(auth, 'officer', 'wall', 'integration', 'department');
  const serve = (which: 'image' | 'thumbnail') => async (req: Request, res: Response, next: NextFunction) => {
    try {
      const found = await attachments.get(String(req.params.id), which);
      const event = found && (await events.get(found.eventId));
      if (!found || !event) return void res.status(404).json({ error: `no attachment ${req.params.id}` });
      if (!mayReadContacts(req.principal!, event)) return void res.status(403).json({ error: `you may not see the photos of ${event.id}` });
      res.set({ 'content-type': found.contentType, 'cache-control': 'private, max-age=86400, immutable', 'content-disposition': 'inline' });
      res.end(found.bytes);
    } catch (error) {
      next(error);
    }
  };
  router.get('/attachments/:id', readers, serve('image'));
  router.get('/attachments/:id/thumbnail', readers, serve('thumbnail'));
  return router;
}
