import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { EvaluationCommand, EventReport, EventReportBatch, type IntakeReport, inWgs84, TransitionCommand, WhistleCommand, WhistleRatingCommand } from '../../common/domain/eventRecords.ts';
import { fieldReportOf } from '../events/fieldReports.ts';
import { EventState } from '../../common/domain/events.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import { requireRole } from '../auth/authMiddleware.ts';
import type { CommandResult } from '../events/commands.ts';
import type { EventService } from '../events/eventService.ts';
import { IntakeRejected } from '../events/intake.ts';
import type { AuditLog } from '../audit/auditLog.ts';
import type { AttachmentRepository } from '../store/attachmentRepository.ts';
import { whistleView } from '../events/whistles.ts';
import { rateWhistleOn, reportInOn, whistleOn } from '../events/whistleCommands.ts';
import { eventShownTo, inOfficersArea, mayReadContacts } from '../auth/areaPolicy.ts';
import { EventChangesQuery } from '../../common/domain/eventChanges.ts';
import { storableText } from '../../common/domain/text.ts';
import { UnitCode } from '../../common/domain/geo.ts';
import { addressOf } from './authRouter.ts';
import { StoreConflict } from '../store/eventRepository.ts';
import { badRequest } from './errors.ts';
import type { DomainNow } from '../time/domainClock.ts';

export const EventListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
  state: EventState.optional(),
  sinceMs: z.coerce.number().int().min(0).optional(),
  /** The reporting system's own id (the hotline's ticket number): an exact match, on any channel. */
  externalId: storableText(128).min(1, 'must not be empty').optional(),
});

/** A calendar date (Beijing: the whole day) or an ISO 8601 time. */
const DateOrTime = z.union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date (YYYY-MM-DD) or an ISO 8601 time'), z.iso.datetime({ offset: true })], {
  error: 'must be a date (YYYY-MM-DD) or an ISO 8601 time',
});

/** `GET /api/events/export`: a period of at most EXPORT_MAX_DAYS, optionally one district's or street's. */
export const EventExportQuery = z.object({
  format: z.enum(['csv', 'geojson'], { error: 'must be csv or geojson' }).default('csv'),
  from: DateOrTime,
  to: DateOrTime,
  district: UnitCode.optional(),
  street: UnitCode.optional(),
});
const EXPORT_MAX_DAYS = 92;
const DAY_MS = 86_400_000;
/** A date's first (or, for `to`, last) millisecond in Beijing, or the time given. */
const momentOf = (value: string, end: boolean) => (/^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00+08:00`) + (end ? DAY_MS - 1 : 0) : Date.parse(value));

/**
 * `POST /api/events` takes one report (201 `{ id, status, duplicateOf }`; 200 when its external
 * id was seen before) or an array of up to 1,000 (201 with one result per report, in order).
 */
export function eventsRouter(events: EventService, auth: Authenticator, audit: AuditLog, attachments: AttachmentRepository, clock: DomainNow): Router {
  const router = Router();
  /** A refused command: its status, the error, the field at fault (400), the event as it is now (409). */
  const refuse = (req: Request, res: Response, result: Extract<CommandResult, { ok: false }>) =>
    void res.status(result.code).json({ error: result.error, ...(result.field ? { fields: [result.field] } : {}), ...(result.current ? { event: eventShownTo(result.current, req.principal) } : {}) });
  const writers = requireRole(auth, 'integration', 'officer');
  const readers = requireRole(auth, 'integration', 'officer', 'wall', 'department');

  // Grid workers report too, from the field: one at a time, on gridPatrol, recorded as its reporter.
  router.post('/', requireRole(auth, 'integration', 'officer', 'worker'), async (req, res) => {
    const batch = Array.isArray(req.body);
    const parsed = batch ? EventReportBatch.safeParse(req.body) : EventReport.safeParse(req.body);
    if (!parsed.success) return badRequest(res, parsed.error);
    // Located in WGS-84 from here on, whatever system the sender's map uses.
    const located = batch ? (parsed.data as EventReport[]).map(inWgs84) : inWgs84(parsed.data as EventReport);
    let reports: IntakeReport[] = Array.isArray(located) ? located : [located];
    if (req.principal!.role === 'worker') {
      const field = fieldReportOf(req.principal!, req.body, located);
      if ('code' in field) return void res.status(field.code).json({ error: field.error, ...(field.field ? { fields: [field.field] } : {}) });
      reports = [field];
    }
    try {
      const outcomes = await events.report(reports);
      const results = outcomes.map((o) => ({ id: o.event.id, status: o.status, duplicateOf: o.event.duplicateOf, state: o.event.state, gridCode: o.event.gridCode }));
      if (batch) return void res.status(201).json({ results });
      res.status(outcomes[0]!.status === 'existing' ? 200 : 201).json(results[0]);
    } catch (error) {
      if (error instanceof IntakeRejected) return void res.status(400).json({ error: error.message, fields: [error.field] });
      if (error instanceof StoreConflict) return void res.status(409).json({ error: 'the report conflicts with a stored event: send it again to get that event' });
      throw error;
    }
  });

  router.get('/', readers, async (req, res) => {
    const query = EventListQuery.safeParse(req.query);
    if (!query.success) return badRequest(res, query.error);
    res.json({ events: (await events.list(query.data)).map((e) => eventShownTo(e, req.principal)) });
  });

  // 事件导出: officers, their area's events of a period, streamed as CSV or GeoJSON.
  router.get('/export', requireRole(auth, 'officer'), async (req, res) => {
    const query = EventExportQuery.safeParse(req.query);
    if (!query.success) return badRequest(res, query.error);
    const { format, from, to, district, street } = query.data;
    const fromMs = momentOf(from, false);
    const toMs = momentOf(to, true);
    if (Number.isNaN(fromMs) || Number.isNaN(toMs)) return void res.status(400).json({ error: 'from, to: not calendar dates', fields: ['from'] });
    if (toMs < fromMs || toMs - fromMs > EXPORT_MAX_DAYS * DAY_MS) return void res.status(400).json({ error: `to: on or after from, at most ${EXPORT_MAX_DAYS} days`, fields: ['to'] });
    const principal = req.principal!;
    await audit.record({
      actor: principal.username,
      action: 'events.exported',
      target: `${from}..${to}`,
      address: addressOf(req),
      detail: { format, district: district ?? null, street: street ?? null },
    });
    const name = `events-${from.slice(0, 10)}-${to.slice(0, 10)}${district ? `-${district}` : ''}${street ? `-${street}` : ''}.${format === 'csv' ? 'csv' : 'geojson'}`;
    res.set({
      'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/geo+json; charset=utf-8',
      'content-disposition': `attachment; filename="${name}"`,
      'cache-control': 'no-store',
    });
    await events.exportTo(res, {
      fromMs,
      toMs,
      format,
      include: (e) => inOfficersArea(principal, e) && (!district || e.districtCode === district) && (!street || e.streetCode === street),
    });
    res.end();
  });

  // The change feed: every change in commit order, from a cursor; officers see their area's.
  router.get('/changes', requireRole(auth, 'integration', 'officer'), async (req, res) => {
    const query = EventChangesQuery.safeParse(req.query);
    if (!query.success) return badRequest(res, query.error);
    const { after, limit } = query.data;
    const { changes, horizon } = await events.changesAfter(after, limit);
    if (after > 0 && after < horizon)
      return void res.status(410).json({
        error: `after: changes up to cursor ${horizon} are no longer kept (CHANGE_RETENTION_DAYS); read on from after=${horizon}`,
        fields: ['after'],
        oldest: changes[0]?.cursor ?? null,
        resumeAfter: horizon,
      });
    const principal = req.principal!;
    const shown = principal.role === 'officer' ? changes.filter((c) => inOfficersArea(principal, c.event)) : changes;
    res.json({
      changes: shown.map((c) => ({ cursor: c.cursor, type: c.type, eventId: c.eventId, atMs: c.atMs, event: eventShownTo(c.event, principal) })),
      // Past every change read, shown or not: an officer's next page starts after what was outside their area too.
      next: changes.at(-1)?.cursor ?? after,
    });
  });

  router.get('/:id', readers, async (req, res) => {
    const event = await events.get(String(req.params.id));
    if (!event) return void res.status(404).json({ error: `no event ${req.params.id}` });
    // Photos go with the contacts: to the officers of the event's area, its departments, integrations.
    const photos = mayReadContacts(req.principal, event) ? await attachments.listOf(event.id) : [];
    res.json({
      event: eventShownTo(event, req.principal),
      history: await events.history(event.id),
      whistle: event.whistle ? whistleView(event.whistle, clock()) : null,
      attachments: photos.map((a) => ({
        id: a.id,
        url: `/api/attachments/${a.id}`,
        thumbnailUrl: `/api/attachments/${a.id}/thumbnail`,
        width: a.width,
        height: a.height,
        bytes: a.bytes,
        by: a.by,
        atMs: a.atMs,
      })),
    });
  });

  // One endpoint for officers, departments and integrations, each held to its role by the service.
  router.post('/:id/transitions', requireRole(auth, 'integration', 'officer', 'department'), async (req, res) => {
    const command = TransitionCommand.safeParse(req.body);
    if (!command.success) return badRequest(res, command.error);
    const result = await events.transition(String(req.params.id), command.data, req.principal!);
    if (!result.ok) return refuse(req, res, result);
    res.json({ event: eventShownTo(result.event, req.principal) });
  });

  // 街乡吹哨: an officer summons departments to an event in their area; each named one reports in (报到).
  router.post('/:id/whistle', requireRole(auth, 'officer'), async (req, res) => {
    const command = WhistleCommand.safeParse(req.body);
    if (!command.success) return badRequest(res, command.error);
    const unknown = events.services.unknown(command.data.departments);
    if (unknown.length) return void res.status(400).json({ error: `departments: the city has no department ${unknown.join(', ')}`, fields: ['departments'] });
    const result = await whistleOn(events, String(req.params.id), req.principal!, command.data.departments, command.data.deadlineAtMs, clock);
    if (!result.ok) return refuse(req, res, result);
    await audit.record({
      actor: req.principal!.username,
      action: 'event.whistle',
      target: result.event.id,
      address: addressOf(req),
      detail: { departments: command.data.departments, deadlineAtMs: command.data.deadlineAtMs },
    });
    res.status(201).json({ whistle: whistleView(result.event.whistle!, clock()), event: eventShownTo(result.event, req.principal) });
  });

  router.post('/:id/whistle/report-in', requireRole(auth, 'department'), async (req, res) => {
    const result = await reportInOn(events, String(req.params.id), req.principal!, clock);
    if (!result.ok) return refuse(req, res, result);
    res.json({ whistle: whistleView(result.event.whistle!, clock()) });
  });

  // After closure, the officer rates each summoned department (1–5).
  router.post('/:id/whistle/ratings', requireRole(auth, 'officer'), async (req, res) => {
    const command = WhistleRatingCommand.safeParse(req.body);
    if (!command.success) return badRequest(res, command.error);
    const result = await rateWhistleOn(events, String(req.params.id), req.principal!, command.data.ratings, clock);
    if (!result.ok) return refuse(req, res, result);
    await audit.record({
      actor: req.principal!.username,
      action: 'event.whistle.rate',
      target: result.event.id,
      address: addressOf(req),
      detail: { ratings: command.data.ratings.map((r) => ({ department: r.department, score: r.score })) },
    });
    res.json({ whistle: whistleView(result.event.whistle!, clock()) });
  });

  router.post('/:id/evaluation', writers, async (req, res) => {
    const command = EvaluationCommand.safeParse(req.body);
    if (!command.success) return badRequest(res, command.error);
    const result = await events.evaluate(String(req.params.id), command.data.satisfied, req.principal!, command.data.comment ?? null);
    if (!result.ok) return refuse(req, res, result);
    res.json({ event: eventShownTo(result.event, req.principal) });
  });
  return router;
}
