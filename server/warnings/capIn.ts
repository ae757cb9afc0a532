import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * A CAP 1.2 alert as another system (the weather bureau's gateway) sends it, read and checked:
 * well-formed, the CAP 1.2 namespace, the required elements, dateTimes, and areas that can be
 * placed (closed polygons, circles, geocodes). Pure: what the city makes of it is decided elsewhere.
 */
export const CAP_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2';
const STATUSES = ['Actual', 'Exercise', 'System', 'Test', 'Draft'] as const;
const MSG_TYPES = ['Alert', 'Update', 'Cancel', 'Ack', 'Error'] as const;
/** CAP's dateTime: seconds, and an explicit offset (no "Z"). */
const CAP_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

export type LatLon = [lat: number, lon: number];

export interface WarningArea {
  desc: string;
  polygons: LatLon[][];
  circles: { center: LatLon; radiusKm: number }[];
  geocodes: { name: string; value: string }[];
}

export interface IncomingWarning {
  identifier: string;
  sender: string;
  sentMs: number;
  status: (typeof STATUSES)[number];
  msgType: (typeof MSG_TYPES)[number];
  /** The earlier alerts an Update or Cancel follows. */
  references: { sender: string; identifier: string }[];
  event: string;
  headline: string;
  description: string;
  instruction: string;
  severity: string;
  urgency: string;
  areas: WarningArea[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => ['info', 'area', 'polygon', 'circle', 'geocode'].includes(name),
});

const text = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');

function pairs(polygon: string): LatLon[] | string {
  const points = polygon
    .trim()
    .split(/\s+/)
    .map((pair) => pair.split(',').map(Number));
  if (points.some((p) => p.length !== 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1]) || Math.abs(p[0]!) > 90 || Math.abs(p[1]!) > 180))
    return 'a polygon is "lat,lon" pairs separated by spaces';
  if (points.length < 4) return 'a polygon needs at least 4 points';
  const [first, last] = [points[0]!, points.at(-1)!];
  if (first[0] !== last[0] || first[1] !== last[1]) return 'a polygon must be closed (its first and last points the same)';
  return points as LatLon[];
}

/** The alert read from XML, or the reason it is refused. */
export function readCapAlert(xml: string): IncomingWarning | { error: string } {
  // CAP has no use for a DOCTYPE; refusing one rules out entity expansion of any kind.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) return { error: 'a DOCTYPE or entity declaration is not accepted in a CAP alert' };
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return { error: `not well-formed XML: ${valid.err.msg} (line ${valid.err.line})` };
  const alert = parser.parse(xml).alert as Record<string, unknown> | undefined;
  if (!alert || typeof alert !== 'object') return { error: 'the root element must be <alert>' };
  // Namespace prefixes are dropped in parsing: the root's own declaration is read from the text.
  const root = /<(?:([A-Za-z_][\w.-]*):)?alert\b([^>]*)>/.exec(xml);
  const declared = root && new RegExp(`xmlns${root[1] ? `:${root[1]}` : ''}\\s*=\\s*["']([^"']*)["']`).exec(root[2] ?? '')?.[1];
  if (declared !== CAP_NAMESPACE) return { error: `<alert> must be in the CAP 1.2 namespace (${CAP_NAMESPACE})` };
  for (const required of ['identifier', 'sender', 'sent', 'status', 'msgType', 'scope']) if (!text(alert[required])) return { error: `<${required}> is required` };
  const sent = text(alert.sent);
  if (!CAP_DATE_TIME.test(sent) || Number.isNaN(Date.parse(sent))) return { error: `<sent> ${sent} is not a CAP dateTime (e.g. 2026-07-20T16:00:00+08:00)` };
  const status = text(alert.status) as IncomingWarning['status'];
  if (!STATUSES.includes(status)) return { error: `<status> ${status} is not one of ${STATUSES.join(', ')}` };
  const msgType = text(alert.msgType) as IncomingWarning['msgType'];
  if (!MSG_TYPES.includes(msgType)) return { error: `<msgType> ${msgType} is not one of ${MSG_TYPES.join(', ')}` };
  const references = text(alert.references)
    .split(/\s+/)
    .filter(Boolean)
    .map((ref) => ref.split(','))
    .filter((parts) => parts.length === 3)
    .map(([sender, identifier]) => ({ sender: sender!, identifier: identifier! }));
  if ((msgType === 'Update' || msgType === 'Cancel') && references.length === 0) return { error: `<references> is required for a ${msgType} (sender,identifier,sent of the earlier alert)` };
  const infos = (alert.info as Record<string, unknown>[] | undefined) ?? [];
  if ((msgType === 'Alert' || msgType === 'Update') && infos.length === 0) return { error: `<info> is required for an ${msgType}` };
  // The Chinese info first, when there are several languages.
  const info = infos.find((i) => text(i.language).toLowerCase().startsWith('zh')) ?? infos[0] ?? {};
  if (infos.length) for (const required of ['category', 'event', 'urgency', 'severity', 'certainty']) if (!text(info[required])) return { error: `<info><${required}> is required` };
  const areas: WarningArea[] = [];
  for (const area of (info.area as Record<string, unknown>[] | undefined) ?? []) {
    const polygons: LatLon[][] = [];
    for (const polygon of (area.polygon as unknown[] | undefined) ?? []) {
      const read = pairs(text(polygon));
      if (typeof read === 'string') return { error: `<area><polygon>: ${read}` };
      polygons.push(read);
    }
    const circles: WarningArea['circles'] = [];
    for (const circle of (area.circle as unknown[] | undefined) ?? []) {
      const match = /^\s*(-?[\d.]+),(-?[\d.]+)\s+([\d.]+)\s*$/.exec(text(circle));
      if (!match) return { error: '<area><circle> is "lat,lon radius-in-km"' };
      circles.push({ center: [Number(match[1]), Number(match[2])], radiusKm: Number(match[3]) });
    }
    const geocodes = ((area.geocode as Record<string, unknown>[] | undefined) ?? []).map((g) => ({ name: text(g.valueName), value: text(g.value) }));
    areas.push({ desc: text(area.areaDesc), polygons, circles, geocodes });
  }
  if ((msgType === 'Alert' || msgType === 'Update') && !areas.some((a) => a.polygons.length || a.circles.length || a.geocodes.length))
    return { error: '<area> with a <polygon>, <circle> or <geocode> is required: the broadcast is scoped by it' };
  return {
    identifier: text(alert.identifier),
    sender: text(alert.sender),
    sentMs: Date.parse(sent),
    status,
    msgType,
    references,
    event: text(info.event),
    headline: text(info.headline) || text(info.event),
    description: text(info.description),
    instruction: text(info.instruction),
    severity: text(info.severity),
    urgency: text(info.urgency),
    areas,
  };
}

/** A broadcast's priority from CAP's severity and urgency: Extreme, or Severe and Immediate, is flash. */
export function priorityOf(warning: Pick<IncomingWarning, 'severity' | 'urgency'>): 'flash' | 'urgent' | 'normal' {
  if (warning.severity === 'Extreme' || (warning.severity === 'Severe' && warning.urgency === 'Immediate')) return 'flash';
  if (warning.severity === 'Severe' || warning.urgency === 'Immediate') return 'urgent';
  return 'normal';
}
