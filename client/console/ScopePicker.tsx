import { WORKER_ROLE_LABELS, WORKER_ROLES } from '../../common/domain/workers.ts';
import type { LocateOutcome } from '../shared/GridPathView.tsx';
import { label, t } from '../shared/i18n.ts';
import { MapPick } from './MapPick.tsx';
import { ScopeChips } from './ScopeChips.tsx';
import type { ScopeDraft, ScopeUnit } from './scopeSelection.ts';
import { ScopeTree } from './ScopeTree.tsx';

/** Who a broadcast reaches: the whole city, or units from the tree, the map or typed codes; and which roles. */
export function ScopePicker({ draft, onChange, located }: { draft: ScopeDraft; onChange: (draft: ScopeDraft) => void; located: LocateOutcome }) {
  const setUnits = (units: ScopeUnit[]) => onChange({ ...draft, units });
  return (
    <fieldset className="scope-picker">
      <legend>{t('scope')}</legend>
      <label className="inline">
        <input type="checkbox" name="city" checked={draft.city} onChange={(e) => onChange({ ...draft, city: e.target.checked })} /> {t('wholeCity')}
      </label>
      {!draft.city && (
        <>
          <ScopeChips units={draft.units} onChange={setUnits} />
          <MapPick located={located} units={draft.units} onChange={setUnits} />
          <ScopeTree units={draft.units} onChange={setUnits} />
          <label>
            {t('unitCodes')}
            <input name="codes" value={draft.codes} onChange={(e) => onChange({ ...draft, codes: e.target.value })} placeholder="410103001, 410103001001001" />
          </label>
        </>
      )}
      <div>
        {t('roles')}:{' '}
        {WORKER_ROLES.map((r) => (
          <label key={r} className="inline">
            <input
              type="checkbox"
              name={`role-${r}`}
              checked={draft.roles.includes(r)}
              onChange={(e) => onChange({ ...draft, roles: e.target.checked ? [...draft.roles, r] : draft.roles.filter((x) => x !== r) })}
            />{' '}
            {label(WORKER_ROLE_LABELS[r])}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
