import type { Broadcast } from '../../common/domain/broadcasts.ts';
import { decodeGeometry, type EncodedGeometry } from '../../common/geo/codec.ts';

/** A polygon in CAP carries at most this many points: enough to outline a district on a receiver. */
const MAX_POLYGON_POINTS = 200;
const SENDER = 'citybrain@zhengzhou.gov.cn';
const SENDER_NAME = '郑州市城市运行管理中心';

export interface CapArea {
  names: string[];
  geometries: EncodedGeometry[];
}

/** Characters XML 1.0 cannot carry at all (most controls, lone surrogates, U+FFFE/FFFF): dropped, so the document stays well-formed whatever a record holds. */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export const escapeXml = (text: string) => text.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Who amended the alert, for CAP's note: receivers see who changed or withdrew it. */
function amendmentNote(broadcast: Broadcast): string | null {
  if (broadcast.state === 'cancelled' && broadcast.cancelledBy) return `撤回人 Cancelled by: ${broadcast.cancelledBy}`;
  if (broadcast.updatedBy) return `更新人 Updated by: ${broadcast.updatedBy}`;
  return null;
}

/** CAP's dateTime: no fractional seconds, an explicit offset; Beijing time (+08:00). */
export function capDateTime(ms: number): string {
  return `${new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
}

/**
 * Outer rings as CAP polygons: "lat,lon" pairs, closed, thinned to MAX_POLYGON_POINTS. A part
 * whose rings were all too small to keep (a sliver of a district's multipolygon) is left out: CAP
 * wants at least four points a polygon.
 */
function capPolygons(geometries: EncodedGeometry[]): string[] {
  return geometries.flatMap((geometry) =>
    decodeGeometry(geometry).flatMap(([outer]) => {
      if (!outer || outer.length < 4) return [];
      const ring = outer.slice(0, -1);
      const step = Math.max(1, Math.ceil(ring.length / (MAX_POLYGON_POINTS - 1)));
      const kept = ring.filter((_, i) => i % step === 0);
      if (kept.length < 3) return [];
      kept.push(kept[0]!);
      return [kept.map(([lng, lat]) => `${lat.toFixed(5)},${lng.toFixed(5)}`).join(' ')];
    }),
  );
}

const URGENCY = { flash: 'Immediate', urgent: 'Immediate', normal: 'Expected' } as const;
const SEVERITY = { flash: 'Extreme', urgent: 'Severe', normal: 'Moderate' } as const;

/**
 * The broadcast as an OASIS CAP 1.2 message, so other warning systems can carry it: an Alert, an
 * Update once its content changed, a Cancel once cancelled — the latter two referring to the
 * original alert.
 */
export function toCap(broadcast: Broadcast, area: CapArea): string {
  const identifier = `zhengzhou.citybrain.${broadcast.id}`;
  const msgType = broadcast.state === 'cancelled' ? 'Cancel' : broadcast.updatedAtMs !== undefined ? 'Update' : 'Alert';
  const sentMs = msgType === 'Cancel' ? broadcast.cancelledAtMs! : msgType === 'Update' ? broadcast.updatedAtMs! : broadcast.sentAtMs;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">',
    `  <identifier>${msgType === 'Alert' ? identifier : `${identifier}.${msgType.toLowerCase()}.${sentMs}`}</identifier>`,
    `  <sender>${SENDER}</sender>`,
    `  <sent>${capDateTime(sentMs)}</sent>`,
    `  <status>${broadcast.content.exercise ? 'Exercise' : 'Actual'}</status>`,
    `  <msgType>${msgType}</msgType>`,
    '  <scope>Restricted</scope>',
    '  <restriction>郑州市网格员 / Zhengzhou grid workers</restriction>',
    ...(amendmentNote(broadcast) ? [`  <note>${escapeXml(amendmentNote(broadcast)!)}</note>`] : []),
    ...(msgType !== 'Alert' ? [`  <references>${SENDER},${identifier},${capDateTime(broadcast.sentAtMs)}</references>`] : []),
    '  <info>',
    '    <language>zh-CN</language>',
    '    <category>Safety</category>',
    `    <event>${escapeXml(broadcast.content.title)}</event>`,
    `    <urgency>${URGENCY[broadcast.content.priority]}</urgency>`,
    `    <severity>${SEVERITY[broadcast.content.priority]}</severity>`,
    '    <certainty>Observed</certainty>',
    `    <senderName>${SENDER_NAME}</senderName>`,
    `    <headline>${escapeXml(broadcast.content.title)}</headline>`,
    `    <description>${escapeXml(broadcast.content.body)}</description>`,
    `    <instruction>${escapeXml(broadcast.content.requiresConfirmation ? '收到后请在网格员工作台点击确认。' : '请知悉。')}</instruction>`,
    '    <area>',
    `      <areaDesc>${escapeXml(area.names.join('、'))}</areaDesc>`,
    ...capPolygons(area.geometries).map((p) => `      <polygon>${p}</polygon>`),
    '    </area>',
    '  </info>',
    '</alert>',
    '',
  ];
  return lines.join('\n');
}
