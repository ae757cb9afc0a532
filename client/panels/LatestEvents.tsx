import { EVENT_CHANNEL_LABELS, EVENT_STATE_LABELS } from '../../common/domain/events.ts';
import type { GeoSummary } from '../../common/domain/geo.ts';
import type { WallEventDot } from '../../common/socketCatalogue.ts';
import { formatClock, label } from '../shared/i18n.ts';
import { colourOf, cssColour } from './eventColours.ts';
import { categoryLabel } from '../shared/cityServices.ts';

const ROWS = 5;

/** The newest events: time · place · channel · category · state. */
export function LatestEvents({ events, geo, onPick }: { events: WallEventDot[]; geo: GeoSummary; onPick: (id: string) => void }) {
  const districtName = (code: string) => geo.byDistrict.find((d) => d.code === code)?.shortName ?? code;
  return (
    <table className="wall-table wall-table--latest" data-testid="latest-events">
      <tbody>
        {events.slice(0, ROWS).map((e) => (
          <tr key={e.id} data-event-id={e.id} data-state={e.state} onClick={() => onPick(e.id)}>
            <td>{formatClock(e.receivedAtMs)}</td>
            <td>{districtName(e.districtCode)}</td>
            <td>{label(EVENT_CHANNEL_LABELS[e.channel])}</td>
            <td>{categoryLabel(e.category)}</td>
            <td style={{ color: cssColour(colourOf(e)) }}>{label(EVENT_STATE_LABELS[e.state])}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
