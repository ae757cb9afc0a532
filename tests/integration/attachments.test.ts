import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import type { RunningServer } from '../../server/index.ts';
import { createTestDatabase } from '../support/postgres.ts';
import { report } from '../support/reports.ts';
import { call, login, startTestServer } from '../support/server.ts';

/**
 * Photos of events: taken by content (not name or declared type), size-capped, re-encoded with
 * their metadata (a phone's GPS) dropped and a thumbnail made, kept in the store, and served only
 * to those who may see the event. On both stores.
 */
const database = await createTestDatabase();
afterAll(() => database?.drop());

/** A camera photo: 1600 × 1200 JPEG with a GPS position in its EXIF. */
const cameraPhoto = () =>
  sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#3a7' } })
    .jpeg()
    .withExif({ IFD0: { Make: 'TestPhone' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '34/1 45/1 0/1' } })
    .toBuffer();

for (const store of ['sqlite', 'postgres'] as const) {
  describe.skipIf(store === 'postgres' && !database)(`event photos (${store})`, () => {
    let server: RunningServer;
    const tokens: Record<string, string> = {};
    let eventId = '';

    beforeAll(async () => {
      server = await startTestServer(store === 'postgres' ? { databaseUrl: database!.url } : {});
      for (const name of ['officer', 'integration', 'wall', 'dept.cityManagement', 'dept.fire']) tokens[name] = await login(server.url, name);
      // Pavement goes to city management at intake.
      eventId = (await call(server.url, 'POST', '/api/events', tokens.integration!, report({ category: 'pavementDamage' }))).body.id;
    }, 60_000);
    afterAll(() => server?.stop());

    const upload = async (who: string, bytes: Buffer, name: string, type: string, field = 'file', id = eventId) => {
      const form = new FormData();
      form.append(field, new Blob([new Uint8Array(bytes)], { type }), name);
      const res = await fetch(`${server.url}/api/events/${id}/attachments`, { method: 'POST', headers: { authorization: `Bearer ${tokens[who]}` }, body: form });
      return { status: res.status, body: await res.json() };
    };
    const fetchAs = (who: string, path: string) => fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${tokens[who]}` } });

    it('takes a photo from the dispatched department, re-encoded without its GPS, with a thumbnail, and lists it on the event', async () => {
      const original = await cameraPhoto();
      expect((await sharp(original).metadata()).exif?.includes(Buffer.from('TestPhone'))).toBe(true);
      const res = await upload('dept.cityManagement', original, 'IMG_0001.JPG', 'image/jpeg');
      expect(res).toMatchObject({ status: 201, body: { id: expect.stringMatching(/^AT[0-9a-f]{16}$/), url: expect.stringMatching(/^\/api\/attachments\//) } });
      const image = await fetchAs('officer', res.body.url);
      expect(image.headers.get('content-type')).toBe('image/jpeg');
      const bytes = Buffer.from(await image.arrayBuffer());
      const meta = await sharp(bytes).metadata();
      expect(meta).toMatchObject({ format: 'jpeg', width: 1600, height: 1200 });
      expect(meta.exif).toBeUndefined();
      const thumbnail = await sharp(Buffer.from(await (await fetchAs('integration', res.body.thumbnailUrl)).arrayBuffer())).metadata();
      // Photos go with the reporter's contacts: not to the wall on the command centre's screen.
      expect((await fetchAs('wall', res.body.thumbnailUrl)).status).toBe(403);
      expect(Math.max(thumbnail.width!, thumbnail.height!)).toBe(320);
      const event = await call(server.url, 'GET', `/api/events/${eventId}`, tokens.officer!);
      expect(event.body.attachments).toEqual([expect.objectContaining({ id: res.body.id, by: 'dept.cityManagement', width: 1600, height: 1200 })]);
    });

    it('judges by content: text or SVG named and typed as JPEG is refused (415), as is no file or the wrong field (400)', async () => {
      expect(await upload('officer', Buffer.from('not an image at all'), 'photo.jpg', 'image/jpeg')).toMatchObject({ status: 415, body: { fields: ['file'] } });
      const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>');
      expect(await upload('officer', svg, 'photo.jpg', 'image/jpeg')).toMatchObject({ status: 415, body: { fields: ['file'] } });
      // A PNG named .txt and typed as text is still a photo.
      const png = await sharp({ create: { width: 40, height: 30, channels: 4, background: '#00f8' } })
        .png()
        .toBuffer();
      expect((await upload('officer', png, 'notes.txt', 'text/plain')).status).toBe(201);
      expect(await upload('officer', png, 'p.png', 'image/png', 'photo')).toMatchObject({ status: 400, body: { fields: ['photo'] } });
      expect(await call(server.url, 'POST', `/api/events/${eventId}/attachments`, tokens.officer!, { file: 'x' })).toMatchObject({ status: 400, body: { fields: ['file'] } });
    });

    it('caps the size (413) and keeps nothing of a refused upload', async () => {
      const before = (await call(server.url, 'GET', `/api/events/${eventId}`, tokens.officer!)).body.attachments.length;
      expect(await upload('officer', Buffer.alloc(11 * 1024 * 1024, 0xff), 'big.jpg', 'image/jpeg')).toMatchObject({ status: 413, body: { fields: ['file'] } });
      expect((await call(server.url, 'GET', `/api/events/${eventId}`, tokens.officer!)).body.attachments.length).toBe(before);
    });

    it('serves a photo only to those who may see the event: not a department it is not dispatched to', async () => {
      const res = await upload('integration', await cameraPhoto(), 'a.jpg', 'image/jpeg');
      expect((await upload('dept.fire', await cameraPhoto(), 'b.jpg', 'image/jpeg')).status).toBe(403);
      expect((await fetchAs('dept.fire', res.body.url)).status).toBe(403);
      expect((await fetchAs('dept.fire', res.body.thumbnailUrl)).status).toBe(403);
      expect((await fetchAs('dept.cityManagement', res.body.url)).status).toBe(200);
      expect((await fetch(`${server.url}${res.body.url}`)).status).toBe(401);
      expect((await fetchAs('officer', '/api/attachments/AT0000000000000000')).status).toBe(404);
      expect((await upload('officer', await cameraPhoto(), 'c.jpg', 'image/jpeg', 'file', 'EV999999999')).status).toBe(404);
    });
  });
}
