import { ScatterplotLayer } from '@deck.gl/layers';
import { useMemo, useState } from 'react';
import { byUrgency, type DeskEvent, type DeskFilter, deskCounts, deskReasons, matchesDeskFilter } from '../../common/domain/officerDeskView.ts';
import { EVENT_STATE_LABELS } from '../../common/domain/events.ts';
import { CityMap } from '../map/CityMap.tsx';
import { pickedPointLayer } from '../map/pickedPointLayer.ts';
import { colourOf } from '../panels/eventColours.ts';
import { officerDesk } from '../realtime/officerDeskFeed.ts';
import { useStore } from '../realtime/store.ts';
import { formatClock, formatDuration, formatInt, label, t } from '../shared/i18n.ts';
import { useNow } from '../shared/useNow.ts';
import { DeskFilters } from './DeskFilters.tsx';
import { EventDetail } from './EventDetail.tsx';
import { categoryLabel } from '../shared/cityServices.ts';

/** Rows drawn at once; the counts say how many more the filters hold. */
const MAX_ROWS = 300;

/**
 * The officer's desk: the live queue of the officer's area with its filters and counts, the same
 * events on a map, and the chosen event's detail with the officer's steps.
 */
export function OfficerDesk() {
  const desk = useStore(officerDesk);
  const now = useNow(1000) + desk.clockOffsetMs;
  const [filter, setFilter] = useState<DeskFilter>({ mine: true });
  const [selected, setSelected] = useState<string | null>(null);
  const all = useMemo(() => [...desk.byId.values()], [desk.byId]);
  // Counted and sorted once a second at most (now moves by the second), not per keystroke.
  const nowSecond = Math.floor(now / 1000) * 1000;
  const shown = useMemo(() => all.filter((e) => matchesDeskFilter(e, filter, nowSecond)).sort(byUrgency(nowSecond)), [all, filter, nowSecond]);
  const counts = useMemo(() => deskCounts(all, filter, nowSecond), [all, filter, nowSecond]);
  const chosen = selected ? (desk.byId.get(selected) ?? null) : null;
  const layers = useMemo(
    () => [
      new ScatterplotLayer<DeskEvent>({
        id: 'desk-events',
        data: shown,
        getPosition: (e) => [e.lng, e.lat],
        getRadius: 6,
        radiusUnits: 'pixels',
        getFillColor: (e) => colourOf(e),
        pickable: true,
        onClick: ({ object }) => object && setSelected(object.id),
      }),
      pickedPointLayer(chosen ?? undefined),
    ],
    [shown, chosen],
  );
  return (
    <div className="officer-desk">
      <section className="officer-desk__queue">
        <DeskFilters filter={filter} counts={counts} onChange={setFilter} />
        <p className="officer-desk__shown" data-testid="desk-shown">
          {desk.synced ? `${t('deskShown')} ${formatInt(Math.min(shown.length, MAX_ROWS))} / ${formatInt(shown.length)}` : t('deskSyncing')}
          {desk.omitted > 0 && ` · ${t('deskOmitted')} ${formatInt(desk.omitted)}`}
        </p>
        <ol className="officer-desk__list">
          {shown.slice(0, MAX_ROWS).map((e) => (
            <QueueRow key={e.id} event={e} nowMs={now} selected={e.id === selected} onSelect={() => setSelected(e.id)} />
          ))}
        </ol>
      </section>
      <section className="officer-desk__map">
        <CityMap layers={layers} />
      </section>
      <section className="officer-desk__detail">{chosen ? <EventDetail key={chosen.id} item={chosen} nowMs={now} /> : <p className="console-hint">{t('deskSelect')}</p>}</section>
    </div>
  );
}

function QueueRow({ event, nowMs, selected, onSelect }: { event: DeskEvent; nowMs: number; selected: boolean; onSelect: () => void }) {
  const reasons = deskReasons(event, nowMs);
  const left = event.dueAtMs === null ? null : event.dueAtMs - nowMs;
  return (
    <li className={`desk-row ${selected ? 'desk-row--selected' : ''} ${left !== null && left < 0 ? 'desk-row--overdue' : ''}`} data-testid="desk-row" data-event-id={event.id} data-state={event.state}>
      <button type="button" onClick={onSelect}>
        <span className="desk-row__dot" style={{ background: `rgb(${colourOf(event).join(',')})` }} />
        <strong>{categoryLabel(event.category)}</strong>
        <span className="desk-row__state">{label(EVENT_STATE_LABELS[event.state])}</span>
        {reasons.map((r) => (
          <span key={r} className={`desk-row__reason desk-row__reason--${r}`}>
            {t(`reason_${r}`)}
          </span>
        ))}
        <span className="desk-row__meta">
          {event.id} · {formatClock(event.receivedAtMs)}
          {left !== null && ` · ${left >= 0 ? `${t('deskDueIn')} ${formatDuration(left)}` : `${t('deskOverdue')} ${formatDuration(-left)}`}`}
        </span>
      </button>
    </li>
  );
}
