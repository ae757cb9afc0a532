import type { ReplaySnapshot } from '../../common/socketCatalogue.ts';
import { ReplayPlayer, type ReplayView } from './replayPlayer.ts';
import { createStore } from './store.ts';
import { wallAuth, wallData, wallLink, replayFrames } from './wallFeed.ts';
import { emptyWallState, type WallState } from './wallState.ts';

/** How often a playing replay moves on, ms. */
const TICK_MS = 250;

/** Whether the wall shows now or a past moment, and the past moment's picture (the live one stays in `wallData`). */
export const replayView = createStore<{ view: ReplayView }>({ view: { kind: 'live' } });
export const replayData = createStore<WallState>(emptyWallState);

async function snapshotAt(atMs: number): Promise<ReplaySnapshot> {
  const token = await wallAuth.freshToken();
  const res = await fetch(`/api/wall/snapshot?at=${Math.round(atMs)}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const body = (await res.json()) as ReplaySnapshot & { error?: string };
  if (!res.ok) throw new Error(body.error ?? `HTTP ${res.status}`);
  return body;
}

/** The city's time now, from the live feed's last word; unknown (no bound) before its first. */
const liveNowMs = () => {
  const { domainTimeMs } = wallData.get();
  const { lastMessageAtMs } = wallLink.get();
  return domainTimeMs ? domainTimeMs + Math.max(0, Date.now() - lastMessageAtMs) : Number.POSITIVE_INFINITY;
};

export const replay = new ReplayPlayer({ snapshotAt, frames: replayFrames, liveNowMs }, (view, data) => {
  replayView.set({ view });
  if (data) replayData.set(data);
  // The address says the moment shown: a link to it opens the same moment.
  const url = new URL(location.href);
  if (view.kind === 'replay' && !view.playing) url.searchParams.set('at', String(Math.round(view.atMs)));
  else url.searchParams.delete('at');
  if (url.href !== location.href) history.replaceState(null, '', url);
});
setInterval(() => replay.tick(), TICK_MS);
