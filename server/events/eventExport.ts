import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { CityEvent } from '../../common/domain/eventRecords.ts';
import type { ServiceCatalogue } from '../../common/domain/serviceCatalogue.ts';
import { CSV_BOM, csvLine } from '../city/csv.ts';
import type { EventRepository, ReceiptPlace } from '../store/eventRepository.ts';
import { sequenceOf } from '../store/eventRepository.ts';

/** Events read from the store per page of an export: memory holds one page, whatever the period. */
export const EXPORT_PAGE = 2000;

export type ExportFormat = 'csv' | 'geojson';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * The columns of an export: what the case record says, and no reporter's name or phone — an
 * export leaves the system for spreadsheets and GIS, and contacts stay where the area rule guards
 * them (`GET /api/events/:id`).
 */
const COLUMNS = [
  'id',
  'externalId',
  'channel',
  'category',
  'categoryName',
  'state',
  'description',
  'address',
  'lng',
  'lat',
  'districtCode',
  'streetCode',
  'communityCode',
  'gridCode',
  'departments',
  'duplicateOf',
  'escalation',
  'satisfied',
  'reportedAt',
  'receivedAt',
  'dispatchedAt',
  'signedAt',
  'resolvedAt',
] as const;

function valuesOf(e: CityEvent, services: ServiceCatalogue): (string | number | null)[] {
  return [
    e.id,
    e.externalId,
    e.channel,
    e.category,
    services.policy(e.category).name,
    e.state,
    e.description,
    e.address,
    e.lng,
    e.lat,
    e.districtCode,
    e.streetCode,
    e.communityCode,
    e.gridCode,
    e.dispatch?.departments.join('|') ?? null,
    e.duplicateOf,
    e.escalation?.level ?? null,
    e.satisfied === null ? null : e.satisfied ? 'yes' : 'no',
    iso(e.reportedAtMs),
    iso(e.receivedAtMs),
    iso(e.dispatchedAtMs),
    iso(e.signedAtMs),
    iso(e.resolvedAtMs),
  ];
}

function feature(e: CityEvent, services: ServiceCatalogue): string {
  const values = valuesOf(e, services);
  const properties = Object.fromEntries(COLUMNS.map((c, i) => [c, values[i]]).filter(([c]) => c !== 'lng' && c !== 'lat'));
  return JSON.stringify({ type: 'Feature', geometry: { type: 'Point', coordinates: [e.lng, e.lat] }, properties });
}

/**
 * Writes the events received in [fromMs, toMs] that `include` admits to `out`, oldest first, page
 * by page from the store — a month of the city (≈ 340,000 events) without holding it in memory —
 * waiting whenever the client reads slower than the store gives. CSV: UTF-8 with a BOM, formulas
 * neutralised; GeoJSON: a FeatureCollection of points. Returns how many were written.
 */
export async function writeEventExport(
  out: Writable,
  repository: EventRepository,
  services: ServiceCatalogue,
  { fromMs, toMs, format, include }: { fromMs: number; toMs: number; format: ExportFormat; include: (event: CityEvent) => boolean },
): Promise<number> {
  // A client that stops reading is waited for; one that goes away ends the export.
  const write = async (chunk: string) => {
    if (!out.write(chunk)) await Promise.race([once(out, 'drain'), once(out, 'close')]);
  };
  await write(format === 'csv' ? `${CSV_BOM}${csvLine(COLUMNS)}` : '{"type":"FeatureCollection","features":[\n');
  let after: ReceiptPlace | null = null;
  let written = 0;
  for (;;) {
    if (out.destroyed) return written;
    const page = await repository.receivedBetween(fromMs, toMs, after, EXPORT_PAGE);
    if (page.length === 0) break;
    const shown = page.filter(include);
    if (shown.length) {
      const text = format === 'csv' ? shown.map((e) => csvLine(valuesOf(e, services))).join('') : `${written ? ',\n' : ''}${shown.map((e) => feature(e, services)).join(',\n')}`;
      written += shown.length;
      await write(text);
    }
    const last = page.at(-1)!;
    after = { receivedAtMs: last.receivedAtMs, seq: sequenceOf(last.id) };
    if (page.length < EXPORT_PAGE) break;
  }
  if (format === 'geojson') await write('\n]}\n');
  return written;
}
