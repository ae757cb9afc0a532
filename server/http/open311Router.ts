import express, { type NextFunction, type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { type Category, CATEGORY_CODES, CategorySchema } from '../../common/domain/categories.ts';
import { type CityEvent, inWgs84, MediaUrl } from '../../common/domain/eventRecords.ts';
import { Crs } from '../../common/geo/crs.ts';
import type { EventChannel } from '../../common/domain/events.ts';
import { redactContacts } from '../../common/domain/contactRedaction.ts';
import { storableKey, storableText } from '../../common/domain/text.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import { bearerToken, requireRoleWith } from '../auth/authMiddleware.ts';
import { mayReadContacts } from '../auth/areaPolicy.ts';
import type { EventService } from '../events/eventService.ts';
import { IntakeRejected } from '../events/intake.ts';
import { StoreConflict } from '../store/eventRepository.ts';
import { describeZodError } from './errors.ts';
import { handlingTargetMsOf } from '../events/sla.ts';

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2), so existing 311 clients can
 * report and follow up. Service codes are the project's categories; reports arrive on the channel
 * of the key's account (`accounts add … --channel`), else the photo-report channel (郑好拍).
 * Errors use the spec's format: `[{ code, description }]`.
 */
export const Open311CreateRequest = z.object({
  service_code: CategorySchema,
  lat: z.coerce.number().min(-90).max(90),
  long: z.coerce.number().min(-180).max(180),
  /** An extension of the spec: the system lat/long are in (wgs84 unless said; gcj02, bd09). */
  crs: Crs.optional(),
  description: storableText(2000).min(1, 'is required'),
  address_string: storableText(200).optional(),
  media_url: MediaUrl.optional(),
  first_name: storableText(50).optional(),
  last_name: storableText(50).optional(),
  phone: storableText(30).optional(),
});

export const Open311SearchQuery = z.object({
  api_key: storableKey(1000).optional(),
  service_request_id: storableKey(2000).optional(),
  service_code: CategorySchema.optional(),
  status: z.enum(['open', 'closed']).optional(),
  start_date: z.iso.datetime({ offset: true }).optional(),
  end_date: z.iso.datetime({ offset: true }).optional(),
  /** Paging, an extension common among Open311 servers: 1-based, newest first. */
  page: z.coerce.number().int('must be a whole number').min(1, 'at least 1').max(1_000_000).default(1),
  page_size: z.coerce.number().int('must be a whole number').min(1, 'at least 1').max(1000, 'at most 1000').default(1000),
});

const openError = (res: Response, code: number, description: string) => void res.status(code).json([{ code, description }]);

/** Open311 clients send their key as `api_key` (query or form field); the Authorization header works too. */
const apiKeyOf = (req: Request) => {
  const field = (req.body as { api_key?: unknown } | undefined)?.api_key ?? req.query.api_key;
  return typeof field === 'string' && field ? field : bearerToken(req);
};

/** Most ids one lookup by `service_request_id` answers. */
const SEARCH_LIMIT = 1000;

/**
 * Reads need a key (an integration's API key or an officer's token) unless `publicRead`; public
 * answers, and officers' outside their area, never carry a reporter's contact details, not even
 * inside a description.
 */
export function open311Router(events: EventService, auth: Authenticator, publicRead: boolean): Router {
  const router = Router();
  const { services } = events;
  const departmentName = (code: string) => services.department(code)?.name ?? code;
  router.use(express.urlencoded({ extended: false, limit: '100kb' }));
  const keyed = requireRoleWith(auth, apiKeyOf, ['integration', 'officer'], (res, status, message) =>
    openError(res, status, status === 401 ? 'an API key is required: send api_key (or Authorization: Bearer <key>)' : message),
  );
  /** With a key: the reader is checked and sees everything; without one, only if reads are public. */
  const readers = (req: Request, res: Response, next: NextFunction) => {
    if (publicRead && !apiKeyOf(req)) return next();
    return keyed(req, res, next);
  };
  const view = (req: Request) => (event: CityEvent) => {
    const request = toRequest(event);
    // Contacts only to those the area rule lets read them (an officer of another area, a public reader: redacted).
    return mayReadContacts(req.principal, event) ? request : { ...request, description: redactContacts(request.description), address: redactContacts(request.address), media_url: '' };
  };

  const toRequest = (event: CityEvent) => {
    const closed = event.state === 'resolved' || event.state === 'evaluated';
    const policy = services.policy(event.category);
    return {
      service_request_id: event.id,
      status: closed ? 'closed' : 'open',
      status_notes: event.duplicateOf ? `duplicate of ${event.duplicateOf}` : event.state,
      service_name: policy.name,
      service_code: event.category,
      description: event.description,
      agency_responsible: (event.dispatch?.departments ?? services.departmentsFor(event.category, event.districtCode)).map(departmentName).join('、'),
      service_notice: event.escalation ? `escalated to ${event.escalation.level}` : '',
      requested_datetime: new Date(event.reportedAtMs).toISOString(),
      updated_datetime: new Date(event.resolvedAtMs ?? event.signedAtMs ?? event.dispatchedAtMs ?? event.receivedAtMs).toISOString(),
      expected_datetime: event.dispatchedAtMs === null ? null : new Date(event.dispatchedAtMs + handlingTargetMsOf(events.slaTargets, event.category)).toISOString(),
      address: event.address ?? '',
      lat: event.lat,
      long: event.lng,
      media_url: event.mediaUrls[0] ?? '',
    };
  };

  router.get('/services.json', (_req, res) => {
    res.json(
      CATEGORY_CODES.map((code: Category) => {
        const policy = services.policy(code);
        return {
          service_code: code,
          service_name: policy.name,
          description: `${policy.name} / ${policy.nameEn}`,
          metadata: false,
          type: 'realtime',
          keywords: policy.nameEn.toLowerCase(),
          group: policy.departments.map(departmentName).join('、'),
        };
      }),
    );
  });

  router.post('/requests.json', keyed, async (req, res) => {
    const parsed = Open311CreateRequest.safeParse(req.body);
    if (!parsed.success) return openError(res, 400, describeZodError(parsed.error));
    const r = parsed.data;
    try {
      const [outcome] = await events.report([
        inWgs84({
          // The key's account says where it stands (a hotline's key files as hotline12345); else a photo report (郑好拍), as the public app's.
          channel: (req.principal!.channel as EventChannel | null | undefined) ?? 'photoReport',
          category: r.service_code,
          description: r.description,
          location: { lng: r.long, lat: r.lat, address: r.address_string },
          crs: r.crs,
          mediaUrls: r.media_url ? [r.media_url] : [],
          reporter: { name: [r.first_name, r.last_name].filter(Boolean).join(' ') || undefined, phone: r.phone },
          spansJurisdictions: false,
        }),
      ]);
      res.status(201).json([{ service_request_id: outcome!.event.id, service_notice: outcome!.event.duplicateOf ? `duplicate of ${outcome!.event.duplicateOf}` : '', account_id: null }]);
    } catch (error) {
      if (error instanceof IntakeRejected) return openError(res, 400, error.message);
      if (error instanceof StoreConflict) return openError(res, 409, 'the request conflicts with a stored one: send it again');
      throw error;
    }
  });

  router.get('/requests.json', readers, async (req, res) => {
    const query = Open311SearchQuery.safeParse(req.query);
    if (!query.success) return openError(res, 400, describeZodError(query.error));
    const q = query.data;
    if (q.service_request_id) {
      const ids = [...new Set(q.service_request_id.split(',').map((id) => id.trim()))].slice(0, SEARCH_LIMIT);
      const found = (await Promise.all(ids.map((id) => events.get(id)))).filter((e): e is CityEvent => e !== null);
      return void res.json(found.map(view(req)));
    }
    // The spec's default period: the last 90 days. Any range answers from the store, a page at a time.
    const toMs = q.end_date ? Date.parse(q.end_date) : Date.now();
    const fromMs = q.start_date ? Date.parse(q.start_date) : toMs - 90 * 86_400_000;
    if (fromMs > toMs) return openError(res, 400, 'start_date: after end_date');
    const found = await events.search({
      fromMs,
      toMs,
      category: q.service_code,
      closed: q.status === undefined ? undefined : q.status === 'closed',
      limit: q.page_size,
      offset: (q.page - 1) * q.page_size,
    });
    res.json(found.map(view(req)));
  });

  router.get('/requests/:id.json', readers, async (req, res) => {
    const event = await events.get(String(req.params.id));
    if (!event) return openError(res, 404, `no service request ${req.params.id}`);
    res.json([view(req)(event)]);
  });

  return router;
}
