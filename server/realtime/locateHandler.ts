import type { Ack } from '../../common/ack.ts';
import type { GridPath } from '../../common/domain/geo.ts';
import type { CityGeography } from '../../common/geo/cityModel.ts';

/** `geo:locate` for the console and the worker app: where in the hierarchy is this point? (Checked by the catalogue's schema.) */
export function locateCommand(geo: CityGeography) {
  return (query: { lng: number; lat: number }): Ack<{ path: GridPath | null }> => ({ ok: true, path: geo.locate(query.lng, query.lat) });
}
