import type { Category } from '../../common/domain/categories.ts';
import type { EventChannel } from '../../common/domain/events.ts';
import { PLACES } from '../../common/geo/places.ts';
import { toKm, toLngLat } from '../../common/geo/projection.ts';
import type { RandomSource } from '../../common/geo/random.ts';
import type { LngLat } from '../../common/geo/units.ts';
import { pickWeighted } from './dayProfile.ts';
import { gaussian } from './places.ts';

/**
 * Where a holiday's or a major event's crowds gather, and the share of the day's reports drawn
 * there: parking, queues and disputes, rubbish, blocked fire escapes, lost elderly people.
 */
export interface EventFocus {
  /** Share of reports drawn to the focus places instead of the usual mix. */
  share: number;
  places: readonly { name: string; position: LngLat; weight: number; spreadKm: number }[];
}

export const CROWD_MIX: readonly [{ category: Category; channel: EventChannel }, number][] = [
  [{ category: 'illegalParking', channel: 'aiVideo' }, 24],
  [{ category: 'garbage', channel: 'aiVideo' }, 12],
  [{ category: 'consumerDispute', channel: 'hotline12345' }, 16],
  [{ category: 'noise', channel: 'hotline12345' }, 8],
  [{ category: 'fireEscapeBlocked', channel: 'aiVideo' }, 10],
  [{ category: 'abandonedBicycles', channel: 'gridPatrol' }, 8],
  [{ category: 'elderlyAssistance', channel: 'gridPatrol' }, 8],
  [{ category: 'trafficLightFault', channel: 'police110' }, 6],
  [{ category: 'smokeInShop', channel: 'police110' }, 2],
];
export const CROWD_CATEGORIES: ReadonlySet<Category> = new Set(CROWD_MIX.map(([m]) => m.category));

const place = (name: string) => {
  const found = PLACES.find((p) => p.name === name);
  if (!found) throw new Error(`no place named ${name}`);
  return found;
};

/** 黄金周: the shopping streets and the stations first, then every scenic area and venue. */
export function holidayFocus(): EventFocus {
  const scenic = PLACES.filter((p) => p.category === '景区场馆');
  return {
    share: 0.5,
    places: [
      { name: '二七塔商圈', position: place('二七塔商圈').position, weight: 30, spreadKm: 0.5 },
      { name: '郑州东站', position: place('郑州东站').position, weight: 20, spreadKm: 0.5 },
      ...scenic.map((p) => ({ name: p.name, position: p.position, weight: p.weight * 2.5, spreadKm: 0.6 })),
    ],
  };
}

export const MAJOR_EVENT_VENUE = '郑州奥林匹克体育中心';
/** Reports gather within ≈ 2 km of the venue: 0.8 km per axis puts 95 % inside 2 km. */
export function majorEventFocus(venue = MAJOR_EVENT_VENUE): EventFocus {
  return { share: 0.35, places: [{ name: venue, position: place(venue).position, weight: 1, spreadKm: 0.8 }] };
}

/** A report at one of the focus places. */
export function sampleFocused(random: RandomSource, focus: EventFocus, inCity: (lng: number, lat: number) => boolean): { category: Category; channel: EventChannel; lng: number; lat: number } {
  const { category, channel } = pickWeighted(CROWD_MIX, random.next());
  const chosen = pickWeighted(focus.places.map((p) => [p, p.weight] as const) as [EventFocus['places'][number], number][], random.next());
  const [x, y] = toKm(chosen.position[0], chosen.position[1]);
  for (let attempt = 0; attempt < 100; attempt++) {
    const [lng, lat] = toLngLat(x + gaussian(random) * chosen.spreadKm, y + gaussian(random) * chosen.spreadKm);
    if (inCity(lng, lat)) return { category, channel, lng: Math.round(lng * 1e6) / 1e6, lat: Math.round(lat * 1e6) / 1e6 };
  }
  return { category, channel, lng: chosen.position[0], lat: chosen.position[1] };
}
