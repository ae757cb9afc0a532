import { useEffect, useState } from 'react';
import { CATEGORY_CODES } from '../../common/domain/categories.ts';
import { DESK_REASONS, type DeskFilter, type deskCounts } from '../../common/domain/officerDeskView.ts';
import { EVENT_CHANNEL_LABELS, EVENT_CHANNELS, EVENT_STATE_LABELS, EVENT_STATES } from '../../common/domain/events.ts';
import { formatInt, label, t } from '../shared/i18n.ts';
import type { GeoUnit } from './scopeSelection.ts';
import { loadChildren } from './ScopeTree.tsx';
import { categoryLabel, cityServices, departmentName } from '../shared/cityServices.ts';

type Counts = ReturnType<typeof deskCounts>;

/** The queue's filters, each with its count: what waits on the officer by reason, then state, place, kind, source, department, deadline. */
export function DeskFilters({ filter, counts, onChange }: { filter: DeskFilter; counts: Counts; onChange: (filter: DeskFilter) => void }) {
  const set = (patch: Partial<DeskFilter>) => onChange({ ...filter, ...patch });
  const districts = useUnits(null);
  const streets = useUnits(filter.districtCode ?? null);
  return (
    <div className="desk-filters">
      <div className="desk-filters__chips" role="group" aria-label={t('filterMine')}>
        <button type="button" aria-pressed={!filter.mine && !filter.reason} data-testid="filter-all" onClick={() => set({ mine: undefined, reason: undefined })}>
          {t('filterAll')} <b>{formatInt(counts.total)}</b>
        </button>
        <button type="button" aria-pressed={!!filter.mine && !filter.reason} data-testid="filter-mine" onClick={() => set({ mine: true, reason: undefined })}>
          {t('filterMine')} <b>{formatInt(counts.mine)}</b>
        </button>
        {DESK_REASONS.map((r) => (
          <button key={r} type="button" aria-pressed={filter.reason === r} data-testid={`filter-reason-${r}`} onClick={() => set({ reason: filter.reason === r ? undefined : r, mine: undefined })}>
            {t(`reason_${r}`)} <b>{formatInt(counts.byReason[r])}</b>
          </button>
        ))}
      </div>
      <div className="desk-filters__selects">
        <Select
          name={t('filterState')}
          testId="filter-state"
          value={filter.state}
          onChange={(v) => set({ state: v as DeskFilter['state'] })}
          options={[['open', t('filterOpen')], ['closed', t('filterClosed')], ...EVENT_STATES.map((s) => [s, label(EVENT_STATE_LABELS[s])] as [string, string])]}
        />
        <Select name={t('filterDistrict')} value={filter.districtCode} onChange={(v) => set({ districtCode: v, streetCode: undefined })} options={districts.map((u) => [u.code, u.name])} />
        {filter.districtCode && <Select name={t('filterStreet')} value={filter.streetCode} onChange={(v) => set({ streetCode: v })} options={streets.map((u) => [u.code, u.name])} />}
        <Select name={t('filterCategory')} value={filter.category} onChange={(v) => set({ category: v as DeskFilter['category'] })} options={CATEGORY_CODES.map((c) => [c, categoryLabel(c)])} />
        <Select
          name={t('filterChannel')}
          value={filter.channel}
          onChange={(v) => set({ channel: v as DeskFilter['channel'] })}
          options={EVENT_CHANNELS.map((c) => [c, label(EVENT_CHANNEL_LABELS[c])])}
        />
        <Select name={t('filterDepartment')} value={filter.department} onChange={(v) => set({ department: v })} options={cityServices().departments.map((d) => [d.code, departmentName(d.code)])} />
        <Select
          name={t('filterSla')}
          value={filter.sla}
          onChange={(v) => set({ sla: v as DeskFilter['sla'] })}
          options={[
            ['overdue', `${t('filterOverdue')} (${formatInt(counts.overdue)})`],
            ['near', `${t('filterNear')} (${formatInt(counts.near)})`],
          ]}
        />
        <button type="button" onClick={() => onChange({})}>
          {t('filterClear')}
        </button>
      </div>
    </div>
  );
}

function Select({ name, value, options, onChange, testId }: { name: string; value: string | undefined; options: [string, string][]; onChange: (value: string | undefined) => void; testId?: string }) {
  return (
    <label className="desk-filters__select">
      <span>{name}</span>
      <select value={value ?? ''} data-testid={testId} onChange={(e) => onChange(e.target.value || undefined)}>
        <option value="">—</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The units under a parent (districts for none), loaded once per page. */
function useUnits(parent: string | null): GeoUnit[] {
  const [units, setUnits] = useState<GeoUnit[]>([]);
  useEffect(() => {
    let live = true;
    loadChildren(parent).then(
      (u) => live && setUnits(u),
      () => live && setUnits([]),
    );
    return () => {
      live = false;
    };
  }, [parent]);
  return units;
}
