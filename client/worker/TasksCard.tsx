import { useCallback, useEffect, useState } from 'react';
import { TASK_KIND_LABELS, TASK_OUTCOME_LABELS, type TaskItem, type TaskOutcome } from '../../common/domain/tasks.ts';
import { useStore } from '../realtime/store.ts';
import { taskNews, workerAuth, workerLink, workerSession } from '../realtime/workerFeed.ts';
import { recall, remember } from './lastKnown.ts';
import { authFetch, authJson } from '../shared/authFetch.ts';
import { formatClock, label, t } from '../shared/i18n.ts';
import { categoryLabel } from '../shared/cityServices.ts';

/**
 * How often the task list is read again, ms: new tasks are pushed (task:assigned) and the list is
 * read on each reconnect, so this only catches what a push missed — 100,000 phones polling every
 * 30 s would be 3,300 requests a second.
 */
const REFRESH_MS = 5 * 60_000;

/** 我的任务: events given to this worker to verify (核查) or handle at once (即时办) — sign for it, report what was found with a photo, complete it. */
export function TasksCard() {
  const link = useStore(workerLink);
  const news = useStore(taskNews);
  // With no signal, the tasks the phone last had (lastKnown.ts) until the server answers.
  const [items, setItems] = useState<TaskItem[]>(() => recall<TaskItem[]>('tasks', workerSession.get().username)?.value ?? []);
  const reload = useCallback(
    () =>
      authJson<{ items: TaskItem[] }>(workerAuth, 'GET', '/api/tasks').then(
        (r) => {
          setItems(r.items);
          remember('tasks', workerSession.get().username, r.items);
        },
        () => {},
      ),
    [],
  );
  useEffect(() => {
    void reload();
    const timer = setInterval(() => void reload(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload, link.status, news.received]);
  return (
    <section className="worker-card" data-testid="tasks">
      <h2>{t('myTasks')}</h2>
      {items.length === 0 && <p>{t('noTasks')}</p>}
      {items.map((item) => (
        <TaskRow key={`${item.event.id}:${item.task.assignedAtMs}`} item={item} onDone={reload} />
      ))}
    </section>
  );
}

function TaskRow({ item, onDone }: { item: TaskItem; onDone: () => Promise<unknown> }) {
  const { task, event } = item;
  const [report, setReport] = useState('');
  const [photo, setPhoto] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const act = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
      await onDone();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const complete = (outcome: TaskOutcome) =>
    act(async () => {
      if (photo) {
        const form = new FormData();
        form.append('file', photo, photo.name);
        const res = await authFetch(workerAuth, `/api/events/${event.id}/attachments`, { method: 'POST', body: form });
        if (!res.ok) throw new Error(((await res.json()) as { error?: string }).error ?? `HTTP ${res.status}`);
      }
      await authJson(workerAuth, 'POST', `/api/events/${event.id}/task/complete`, { outcome, ...(report.trim() ? { report: report.trim() } : {}) });
    });
  const done = task.completedAtMs !== null;
  return (
    <article className="broadcast" data-testid="task-item" data-event-id={event.id} data-done={done}>
      <header>
        <span className="broadcast__priority">{label(TASK_KIND_LABELS[task.kind])}</span>
        <time>{formatClock(task.assignedAtMs)}</time>
      </header>
      <h3>{categoryLabel(event.category)}</h3>
      <p>{event.description}</p>
      <p className="broadcast__sender">
        {event.address ?? `${event.lng.toFixed(5)}, ${event.lat.toFixed(5)}`} · {task.assignedBy}
        {task.note && ` · ${task.note}`}
      </p>
      {done ? (
        <p className="broadcast__state broadcast__state--ok">
          {t('taskDone')} · {task.outcome && label(TASK_OUTCOME_LABELS[task.outcome])}
        </p>
      ) : task.acceptedAtMs === null ? (
        <button type="button" className="broadcast__confirm" data-testid="task-accept" onClick={() => void act(() => authJson(workerAuth, 'POST', `/api/events/${event.id}/task/accept`))}>
          {t('taskAccept')}
        </button>
      ) : (
        <div className="worker-field">
          <textarea aria-label={t('taskReport')} placeholder={t('taskReport')} value={report} maxLength={1000} onChange={(e) => setReport(e.target.value)} data-testid="task-report" />
          <input type="file" accept="image/*" capture="environment" data-testid="task-photo" onChange={(e) => setPhoto(e.target.files?.[0] ?? null)} />
          {task.kind === 'verify' ? (
            <>
              <button type="button" data-testid="task-confirmed" onClick={() => void complete('confirmed')}>
                {label(TASK_OUTCOME_LABELS.confirmed)}
              </button>
              <button type="button" data-testid="task-not-found" onClick={() => void complete('notFound')}>
                {label(TASK_OUTCOME_LABELS.notFound)}
              </button>
            </>
          ) : (
            <button type="button" data-testid="task-handled" onClick={() => void complete('handled')}>
              {label(TASK_OUTCOME_LABELS.handled)}
            </button>
          )}
        </div>
      )}
      {error && <p className="path-error">{error}</p>}
    </article>
  );
}
