import type { EventState } from '../../common/domain/events.ts';
import type { WallEventDot } from '../../common/socketCatalogue.ts';

type Rgb = [number, number, number];

/**
 * Colour means one thing each (WALL.md): red overdue/escalated, orange returned, yellow being
 * handled, cyan new or awaiting sign-in, green closed.
 */
export const STATE_COLOURS: Record<'escalated' | 'returned' | 'working' | 'waiting' | 'closed', Rgb> = {
  escalated: [255, 77, 79],
  returned: [255, 159, 67],
  working: [255, 216, 77],
  waiting: [57, 213, 255],
  closed: [61, 220, 132],
};

const WORKING: ReadonlySet<EventState> = new Set(['signed', 'handling']);
const CLOSED: ReadonlySet<EventState> = new Set(['resolved', 'evaluated']);

export function colourOf(event: Pick<WallEventDot, 'state' | 'escalation'>): Rgb {
  if (CLOSED.has(event.state)) return STATE_COLOURS.closed;
  if (event.escalation || event.state === 'escalated') return STATE_COLOURS.escalated;
  if (event.state === 'returned') return STATE_COLOURS.returned;
  if (WORKING.has(event.state)) return STATE_COLOURS.working;
  return STATE_COLOURS.waiting;
}

export const cssColour = ([r, g, b]: Rgb) => `rgb(${r}, ${g}, ${b})`;
