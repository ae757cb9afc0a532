import { useState } from 'react';
import { REPLAY_SPEEDS } from '../../common/domain/replay.ts';
import type { ReplayView } from '../realtime/replayPlayer.ts';
import { formatClock, formatDay, t } from '../shared/i18n.ts';
import { beijingInputValue, momentOfQuery } from '../shared/beijingMoment.ts';

/** The slider spans the last day; any other moment of the kept period is picked by date and time. */
const SLIDER_SPAN_MS = 24 * 3_600_000;
const SLIDER_STEP_MS = 60_000;

export interface ReplayControls {
  open(atMs: number): void;
  play(): void;
  pause(): void;
  setSpeed(speed: (typeof REPLAY_SPEEDS)[number]): void;
  step(byMs: number): void;
  live(): void;
}

/**
 * On a wall put back to a past moment, the banner that says so (回放 and the time shown) — never
 * mistaken for now; for officers, the controls: a slider over the last day, a date and time for any
 * moment, play and pause, ×1 ×10 ×60, a minute back or forward, and back to live.
 */
export function ReplayBar({ view, liveNowMs, controls, officer }: { view: ReplayView; liveNowMs: number; controls: ReplayControls; officer: boolean }) {
  const [dragMs, setDragMs] = useState<number | null>(null);
  if (view.kind === 'live' && !officer) return null;
  const shownMs = view.kind === 'replay' ? view.atMs : liveNowMs;
  const sliderMs = dragMs ?? shownMs;
  const fromMs = liveNowMs - SLIDER_SPAN_MS;
  return (
    <div className={`replay-bar ${view.kind === 'replay' ? 'replay-bar--replaying' : ''}`} data-testid="replay-bar">
      {view.kind === 'replay' && (
        <div className="replay-banner" data-testid="replay-banner" data-at={Math.round(view.atMs)}>
          <strong>{t('replay')}</strong>
          <span data-testid="replay-time">
            {formatDay(view.atMs)} {formatClock(view.atMs)}
          </span>
          <span>×{view.speed}</span>
          {view.loading && <small>{t('replayLoading')}</small>}
          {view.origin?.rebuiltFrom === 'history' && <small data-testid="replay-history-only">{t('replayHistoryOnly')}</small>}
          {view.heldBack > 0 && view.playing && <small>{t('replayBehind')}</small>}
          {view.error && <small className="replay-banner__error">{view.error}</small>}
        </div>
      )}
      {officer && (
        <div className="replay-controls">
          <label className="replay-controls__slider">
            <span>{t('replayLast24h')}</span>
            <input
              type="range"
              data-testid="replay-slider"
              min={Math.floor(fromMs / SLIDER_STEP_MS) * SLIDER_STEP_MS}
              max={Math.ceil(liveNowMs / SLIDER_STEP_MS) * SLIDER_STEP_MS}
              step={SLIDER_STEP_MS}
              value={Math.max(fromMs, sliderMs)}
              onChange={(e) => setDragMs(Number(e.target.value))}
              onPointerUp={() => dragMs !== null && (controls.open(dragMs), setDragMs(null))}
              onKeyUp={() => dragMs !== null && (controls.open(dragMs), setDragMs(null))}
              onBlur={() => dragMs !== null && (controls.open(dragMs), setDragMs(null))}
            />
          </label>
          <label>
            <span>{t('replayPick')}</span>
            <input
              type="datetime-local"
              data-testid="replay-pick"
              value={beijingInputValue(sliderMs)}
              onChange={(e) => {
                const atMs = momentOfQuery(e.target.value);
                if (atMs !== null) controls.open(atMs);
              }}
            />
          </label>
          {view.kind === 'replay' && (
            <>
              <button type="button" data-testid="replay-back" onClick={() => controls.step(-60_000)}>
                {t('replayBack')}
              </button>
              <button type="button" data-testid="replay-play" onClick={() => (view.playing ? controls.pause() : controls.play())}>
                {view.playing ? t('replayPause') : t('replayPlay')}
              </button>
              <button type="button" data-testid="replay-forward" onClick={() => controls.step(60_000)}>
                {t('replayForward')}
              </button>
              {REPLAY_SPEEDS.map((speed) => (
                <button key={speed} type="button" data-testid={`replay-speed-${speed}`} aria-pressed={view.speed === speed} onClick={() => controls.setSpeed(speed)}>
                  ×{speed}
                </button>
              ))}
              <button type="button" className="replay-controls__live" data-testid="replay-live" onClick={() => controls.live()}>
                {t('replayLive')}
              </button>
            </>
          )}
        </div>
      )}
    </div>
  );
}
