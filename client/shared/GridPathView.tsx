import type { GridPath } from '../../common/domain/geo.ts';
import { t } from './i18n.ts';

export type LocateOutcome = { kind: 'idle' } | { kind: 'pending' } | { kind: 'found'; path: GridPath } | { kind: 'outside' } | { kind: 'error'; message: string };

/** District → street → community → grid → micro-grid, as a two-column list. */
export function GridPathView({ outcome }: { outcome: LocateOutcome }) {
  if (outcome.kind === 'idle') return null;
  if (outcome.kind === 'pending') return <p>…</p>;
  if (outcome.kind === 'outside')
    return (
      <p className="path-error" data-testid="locate-outside">
        {t('outsideCity')}
      </p>
    );
  if (outcome.kind === 'error') return <p className="path-error">{outcome.message}</p>;
  const { path } = outcome;
  return (
    <dl className="path-table" data-testid="grid-path">
      <dt>{t('district')}</dt>
      <dd>{path.district.name}</dd>
      <dt>{t('street')}</dt>
      <dd>{path.street.name}</dd>
      <dt>{t('community')}</dt>
      <dd>{path.community.name}</dd>
      <dt>{t('grid')}</dt>
      <dd data-testid="grid-name">
        {path.grid.name}
        {path.grid.kind === 'exclusive' ? `（${t('exclusive')}）` : ''}
        <br />
        <small>{path.grid.code}</small>
      </dd>
      {path.microGrid && (
        <>
          <dt>{t('microGrid')}</dt>
          <dd>{path.microGrid.name}</dd>
        </>
      )}
    </dl>
  );
}
