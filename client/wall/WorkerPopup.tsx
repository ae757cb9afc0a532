import type { Category } from '../../common/domain/categories.ts';
import type { WorkerDetail } from '../../common/domain/field.ts';
import { EVENT_STATE_LABELS, type EventState } from '../../common/domain/events.ts';
import { distanceKm } from '../../common/geo/projection.ts';
import { formatClock, formatDecimal, label, t } from '../shared/i18n.ts';
import { categoryLabel } from '../shared/cityServices.ts';

const STATUS_KEYS = { 0: 'workerStatusOnDuty', 1: 'workerStatusOnTask', 2: 'offline' } as const;

/** Length of a track, km. */
function trackKm(track: WorkerDetail['track']): number {
  let km = 0;
  for (let i = 1; i < track.length; i++) km += distanceKm([track[i - 1]!.lng, track[i - 1]!.lat], [track[i]!.lng, track[i]!.lat]);
  return km;
}

/** A clicked grid worker: who, their grid, where they were last, today's patrol (drawn on the map) and reports. */
export function WorkerPopup({ worker, onClose }: { worker: WorkerDetail; onClose: () => void }) {
  return (
    <aside className="event-popup worker-popup" data-testid="worker-detail" data-worker-id={worker.id}>
      <header className="event-popup__header">
        <h3>
          {t('workerOnPatrol')} · {worker.name} · {worker.id}
        </h3>
        <button type="button" onClick={onClose}>
          {t('close')}
        </button>
      </header>
      <p>
        {worker.grid.name} · <strong data-testid="worker-status">{t(STATUS_KEYS[worker.status])}</strong>
        {worker.last && (
          <>
            {' '}
            · {t('workerLastFix')} {formatClock(worker.last.atMs)}
          </>
        )}
      </p>
      <p data-testid="worker-track" data-points={worker.track.length}>
        {t('workerTrackToday')}: {formatDecimal(trackKm(worker.track))} km · {worker.track.length}
        {worker.track.length > 0 && ` · ${formatClock(worker.track[0]!.atMs)}–${formatClock(worker.track.at(-1)!.atMs)}`}
      </p>
      <h4>{t('workerReportsToday')}</h4>
      {worker.reports.length === 0 && <p className="list-empty">{t('workerNoReports')}</p>}
      <ul className="worker-popup__reports">
        {worker.reports.map((r) => (
          <li key={r.id} data-event-id={r.id}>
            {formatClock(r.receivedAtMs)} · {categoryLabel(r.category as Category)} · {label(EVENT_STATE_LABELS[r.state as EventState])}
          </li>
        ))}
      </ul>
    </aside>
  );
}
