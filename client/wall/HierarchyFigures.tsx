import type { GeoSummary } from '../../common/domain/geo.ts';
import { formatInt, type StringKey, t } from '../shared/i18n.ts';

/** "1+16+215": the city's levels as big numerals, read from across the room. */
export function HierarchyFigures({ summary }: { summary: GeoSummary }) {
  const figures: [StringKey, number][] = [
    ['districts', summary.districts],
    ['streets', summary.streets],
    ['communities', summary.communities],
    ['grids', summary.grids],
    ['microGrids', summary.microGrids],
    ['exclusiveGrids', summary.exclusiveGrids],
    ['workers', summary.workers],
    ['departments', summary.departments],
  ];
  return (
    <dl className="figures" data-testid="hierarchy-figures">
      {figures.map(([key, value]) => (
        <div className="figure" key={key} data-figure={key}>
          <dt className="figure__label">{t(key)}</dt>
          <dd className="figure__value">{formatInt(value)}</dd>
        </div>
      ))}
    </dl>
  );
}
