import { useEffect, useState } from 'react';
import type { LinkState } from '../realtime/connection.ts';
import { formatClock, formatDay, otherLanguageHref, t } from '../shared/i18n.ts';

/** Title, the ticking date and time (Beijing time), and whether the data is live or how late. */
export function WallHeader({ link, staleMs }: { link: LinkState; staleMs: number | null }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const statusText =
    staleMs !== null ? `${t('stale')} ${Math.round(staleMs / 1000)} s` : link.status === 'live' ? t('connected') : link.status === 'connecting' ? t('connecting') : t('disconnected');
  return (
    <header className="wall-header">
      <div className="wall-header__time">
        <span className="wall-header__day">{formatDay(now)}</span>
        <span className="wall-header__clock" data-testid="clock">{formatClock(now)}</span>
      </div>
      <h1 className="wall-header__title">{t('appTitle')}</h1>
      <div className="wall-header__status">
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
