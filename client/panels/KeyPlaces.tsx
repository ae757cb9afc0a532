import { useMemo } from 'react';
import type { WallEventDot } from '../../common/socketCatalogue.ts';
import { eventsNearPlaces } from './placeCounts.ts';
import { RankedBars } from './RankedBars.tsx';

const ROWS = 10;

/**
 * 重点场所: the landmarks where crowds gather on holidays and big days, by today's events within
 * a kilometre, busiest on top — counted from the events this wall holds.
 */
export function KeyPlaces({ events, dayStartMs }: { events: readonly WallEventDot[]; dayStartMs: number }) {
  const rows = useMemo(
    () =>
      eventsNearPlaces(events, dayStartMs)
        .sort((a, b) => b.count - a.count || b.place.weight - a.place.weight)
        .slice(0, ROWS)
        .map(({ place, count }) => ({ name: place.name, value: count })),
    [events, dayStartMs],
  );
  return <RankedBars rows={rows} testId="key-places" />;
}
