import type { Category } from '../../common/domain/categories.ts';
import type { EventChannel } from '../../common/domain/events.ts';

let counter = 0;

/** A valid report at a place in the city; override what the test is about. */
export function report(overrides: Partial<{ channel: EventChannel; category: Category; lng: number; lat: number; externalId: string; spansJurisdictions: boolean; description: string }> = {}) {
  const o = { channel: 'hotline12345' as EventChannel, category: 'pavementDamage' as Category, lng: 113.62 + (counter++ % 50) * 0.01, lat: 34.75, description: '人行道地砖破损', ...overrides };
  return {
    channel: o.channel,
    category: o.category,
    description: o.description,
    location: { lng: o.lng, lat: o.lat, address: '测试地址' },
    ...(o.externalId ? { externalId: o.externalId } : {}),
    ...(o.spansJurisdictions ? { spansJurisdictions: true } : {}),
  };
}
