import { useMemo } from 'react';
import type { WaterPointView } from '../../common/domain/sensors.ts';
import { formatDecimal, t } from '../shared/i18n.ts';
import { alertCss } from './alertColours.ts';
import { LevelCell } from './LevelCell.tsx';

/** The deepest points holding water now, deepest first; a dry city lists nothing, and says so. */
export function deepestWater(water: readonly WaterPointView[], rows: number): WaterPointView[] {
  return water
    .filter((p) => p.depthCm > 0)
    .sort((a, b) => b.depthCm - a.depthCm)
    .slice(0, rows);
}

/** 积水监测: the deepest waterlogging points, name · depth (cm) · level; a click opens its trend. */
export function WaterTop({ water, rows = 10, onPick }: { water: readonly WaterPointView[]; rows?: number; onPick: (id: string) => void }) {
  const deepest = useMemo(() => deepestWater(water, rows), [water, rows]);
  return (
    <>
      {deepest.length === 0 && <p className="list-empty">{t('noStandingWater')}</p>}
      <table className="wall-table sensor-table" data-testid="water-top">
        <tbody>
          {deepest.map((p) => (
            <tr key={p.id} data-sensor-id={p.id} data-level={p.level} onClick={() => onPick(p.id)}>
              <td className="sensor-table__name">{p.name}</td>
              <td className="sensor-table__figure" style={{ color: alertCss(p.level) }}>
                {formatDecimal(p.depthCm)} cm
              </td>
              <LevelCell level={p.level} />
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
