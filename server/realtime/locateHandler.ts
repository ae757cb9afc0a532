import type { LocateAck } from '../../common/events.ts';
import { LocateQuery } from '../../common/domain/geo.ts';
import type { CityGeography } from '../../common/geo/cityModel.ts';
import { describeZodError } from '../http/errors.ts';

/** `geo:locate` for the console and the worker app: where in the hierarchy is this point? */
export function locateHandler(geo: CityGeography) {
  return (query: unknown, ack: LocateAck) => {
    if (typeof ack !== 'function') return;
    const parsed = LocateQuery.safeParse(query);
    if (!parsed.success) return ack({ ok: false, error: describeZodError(parsed.error) });
    ack({ ok: true, path: geo.locate(parsed.data.lng, parsed.data.lat) });
  };
}
