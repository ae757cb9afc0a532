import { t } from '../shared/i18n.ts';
import { removeUnit, type ScopeUnit } from './scopeSelection.ts';

/** The chosen units, each removable; units covered by a chosen one above are not repeated. */
export function ScopeChips({ units, onChange }: { units: ScopeUnit[]; onChange: (units: ScopeUnit[]) => void }) {
  if (units.length === 0) return <p className="console-hint">{t('scopeNone')}</p>;
  return (
    <ul className="scope-chips" aria-label={t('scopeChosen')} data-testid="scope-chips">
      {units.map((unit) => (
        <li key={unit.code} className="scope-chip" title={unit.code}>
          <small>{t(unit.level)}</small> {unit.name}
          <button type="button" aria-label={`${t('remove')} ${unit.name}`} onClick={() => onChange(removeUnit(units, unit.code))}>
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
