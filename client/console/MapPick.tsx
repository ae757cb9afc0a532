import { useEffect, useRef, useState } from 'react';
import { t } from '../shared/i18n.ts';
import type { LocateOutcome } from '../shared/GridPathView.tsx';
import { addUnit, type ScopeLevel, type ScopeUnit, unitOnPath } from './scopeSelection.ts';

const LEVELS: ScopeLevel[] = ['grid', 'community', 'street', 'district'];

/**
 * "Choose on the map": while on, each point the console locates (a map click, or typed
 * coordinates) adds its grid, or the community, street or district around it, to the scope.
 */
export function MapPick({ located, units, onChange }: { located: LocateOutcome; units: ScopeUnit[]; onChange: (units: ScopeUnit[]) => void }) {
  const [on, setOn] = useState(false);
  const [level, setLevel] = useState<ScopeLevel>('grid');
  // Read at the moment a new point arrives, so that toggling or a new choice elsewhere does not
  // re-add the last point.
  const latest = useRef({ on, level, units, onChange });
  latest.current = { on, level, units, onChange };
  useEffect(() => {
    const now = latest.current;
    if (now.on && located.kind === 'found') now.onChange(addUnit(now.units, unitOnPath(located.path, now.level)));
  }, [located]);
  return (
    <div className="map-pick">
      <label className="inline">
        <input type="checkbox" name="mapPick" checked={on} onChange={(e) => setOn(e.target.checked)} /> {t('pickOnMap')}
      </label>
      <select name="mapPickLevel" aria-label={t('pickLevel')} value={level} onChange={(e) => setLevel(e.target.value as ScopeLevel)}>
        {LEVELS.map((l) => (
          <option key={l} value={l}>
            {t(l)}
          </option>
        ))}
      </select>
      {on && <span className="console-hint">{t('pickOnMapHint')}</span>}
    </div>
  );
}
