import type { Broadcast } from '../../common/domain/broadcasts.ts';
import { type CapArea, capDateTime, escapeXml, toCap } from './cap.ts';

/** Broadcasts a feed carries: the newest, which is what a subscriber polling every minute needs. */
export const CAP_FEED_ENTRIES = 50;

/** When a broadcast last changed: its cancellation, its update, or its sending. */
const changedAtMs = (b: Broadcast) => b.cancelledAtMs ?? b.updatedAtMs ?? b.sentAtMs;

/**
 * The city's broadcasts as an Atom feed of CAP 1.2 alerts (the form warning aggregators poll):
 * one entry per broadcast, newest first, its current CAP message (Alert, Update or Cancel)
 * embedded as the entry's content; exercises say so in the title and in CAP's `status`.
 */
export function capAtomFeed(broadcasts: readonly Broadcast[], areaOf: (b: Broadcast) => CapArea, selfUrl: string, nowMs: number): string {
  const newest = broadcasts.reduce((at, b) => Math.max(at, changedAtMs(b)), 0) || nowMs;
  const entries = broadcasts.map((b) => {
    const cap = toCap(b, areaOf(b)).replace(/^<\?xml[^>]*\?>\n/, '');
    const title = `${b.content.exercise ? '【演练 Exercise】' : ''}${b.state === 'cancelled' ? '【已撤回 Cancelled】' : ''}${b.content.title}`;
    return [
      '  <entry>',
      `    <id>urn:citybrain:zhengzhou:broadcast:${b.id}</id>`,
      `    <title>${escapeXml(title)}</title>`,
      `    <updated>${capDateTime(changedAtMs(b))}</updated>`,
      `    <published>${capDateTime(b.sentAtMs)}</published>`,
      `    <category term="${b.content.exercise ? 'Exercise' : 'Actual'}"/>`,
      `    <summary>${escapeXml(b.content.body)}</summary>`,
      '    <content type="application/cap+xml">',
      cap
        .trimEnd()
        .split('\n')
        .map((line) => `      ${line}`)
        .join('\n'),
      '    </content>',
      '  </entry>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    '  <id>urn:citybrain:zhengzhou:cap-feed</id>',
    '  <title>郑州市城市运行管理中心 · 预警与通知 (CAP 1.2)</title>',
    `  <updated>${capDateTime(newest)}</updated>`,
    '  <author><name>郑州市城市运行管理中心</name></author>',
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(selfUrl)}"/>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
