import { useEffect, useState } from 'react';
import { OPERATING_MODE_LABELS, type ModeState } from '../../common/domain/modes.ts';
import type { LinkState } from '../realtime/connection.ts';
import { formatClock, formatDay, label, otherLanguageHref, t } from '../shared/i18n.ts';
import { DATA_SOURCES, type DataSource, delayText, SOURCE_LABEL_KEYS, type SourceFreshness } from './freshness.ts';

/** A mode switch is news for this long: the badge pulses, then holds still (motion only on change). */
const MODE_NEWS_MS = 60_000;

export interface WallHeaderProps {
  link: LinkState;
  staleMs: number | null;
  mode: ModeState;
  freshness: Record<DataSource, SourceFreshness>;
  serverNowMs: number;
  /** The city's time less this PC's, ms: the clock shows the city's time (the simulator's in a demonstration). */
  domainOffsetMs: number;
  /** The server's word that it is past capacity (its figures may be late). */
  load: { shedding: boolean; lagMs: number };
}

/**
 * Title, the ticking date and time (Beijing time), the city's operating mode, and whether each
 * data source and the link are live or how late.
 */
export function WallHeader({ link, staleMs, mode, freshness, serverNowMs, domainOffsetMs, load }: WallHeaderProps) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const statusText = staleMs !== null ? `${t('stale')} ${Math.round(staleMs / 1000)} s` : link.status === 'live' ? t('connected') : link.status === 'connecting' ? t('connecting') : t('disconnected');
  const modeIsNews = mode.sinceMs > 0 && serverNowMs - mode.sinceMs < MODE_NEWS_MS;
  return (
    <header className="wall-header">
      <div className="wall-header__time">
        <span className="wall-header__day">{formatDay(now + domainOffsetMs)}</span>
        <span className="wall-header__clock" data-testid="clock">
          {formatClock(now + domainOffsetMs)}
        </span>
        <span className={`mode-badge mode-badge--${mode.mode} ${modeIsNews ? 'mode-badge--news' : ''}`} data-testid="mode-badge" data-mode={mode.mode} title={mode.reason}>
          {label(OPERATING_MODE_LABELS[mode.mode])}
        </span>
      </div>
      <h1 className="wall-header__title">{t('appTitle')}</h1>
      <div className="wall-header__status">
        <span className="freshness" data-testid="freshness">
          {DATA_SOURCES.map((source) => (
            <span key={source} className={`freshness__source freshness__source--${freshness[source].state}`} data-source={source} data-state={freshness[source].state}>
              {t(SOURCE_LABEL_KEYS[source])}
              {freshness[source].state !== 'live' && <small> {delayText(freshness[source])}</small>}
            </span>
          ))}
        </span>
        {load.shedding && (
          <span className="link-badge link-badge--connecting" data-testid="load-status" title={`${load.lagMs} ms`}>
            {t('overloaded')}
          </span>
        )}
        <span className={`link-badge link-badge--${staleMs !== null ? 'connecting' : link.status}`} data-testid="link-status">
          {statusText}
        </span>
        <a className="wall-header__lang" href={otherLanguageHref()}>
          {t('language')}
        </a>
      </div>
    </header>
  );
}
