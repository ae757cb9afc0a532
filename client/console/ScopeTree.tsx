import { type KeyboardEvent, useEffect, useState } from 'react';
import { consoleAuth } from '../realtime/consoleFeed.ts';
import { authFetch } from '../shared/authFetch.ts';
import { formatInt, t } from '../shared/i18n.ts';
import { addUnit, type GeoUnit, isCovered, removeUnit, type ScopeUnit } from './scopeSelection.ts';

/**
 * One request per parent for the page's life: the hierarchy does not change while the console is
 * open, and re-expanding a node should be instant.
 */
const childrenCache = new Map<string, Promise<GeoUnit[]>>();

export function loadChildren(parent: string | null): Promise<GeoUnit[]> {
  const key = parent ?? '';
  let pending = childrenCache.get(key);
  if (!pending) {
    pending = authFetch(consoleAuth, parent ? `/api/geo/units?parent=${encodeURIComponent(parent)}` : '/api/geo/units').then(async (res) => {
      const body = (await res.json()) as { units?: GeoUnit[]; error?: string };
      if (!res.ok || !body.units) throw new Error(body.error ?? res.statusText);
      return body.units;
    });
    // A failed load may be retried by collapsing and expanding again.
    pending.catch(() => childrenCache.delete(key));
    childrenCache.set(key, pending);
  }
  return pending;
}

type Selection = { units: ScopeUnit[]; onChange: (units: ScopeUnit[]) => void };

/**
 * Districts → streets → communities → grids, each level fetched when its parent is opened. Nested
 * lists of native buttons (disclosure, aria-expanded) and checkboxes: Tab, Space and Enter reach
 * everything without the focus management an ARIA tree would require.
 */
export function ScopeTree(selection: Selection) {
  return (
    <ul className="scope-tree" aria-label={t('scopeTree')} data-testid="scope-tree">
      <Children parent={null} ancestors={[]} {...selection} />
    </ul>
  );
}

function Children({ parent, ancestors, ...selection }: { parent: string | null; ancestors: string[] } & Selection) {
  const [units, setUnits] = useState<GeoUnit[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    loadChildren(parent).then(
      (loaded) => live && setUnits(loaded),
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [parent]);
  if (error) return <li className="path-error">{error}</li>;
  if (!units) return <li className="scope-tree__loading">…</li>;
  return units.map((unit) => <Node key={unit.code} unit={unit} ancestors={ancestors} {...selection} />);
}

function Node({ unit, ancestors, units, onChange }: { unit: GeoUnit; ancestors: string[] } & Selection) {
  const [open, setOpen] = useState(false);
  const leaf = unit.level === 'grid';
  const chosen = units.some((u) => u.code === unit.code);
  // Ticked through a unit above: shown ticked, changed only from that unit (or its chip).
  const implied = !chosen && isCovered(units, unit.code, ancestors);
  // Something below is chosen: shown half-ticked, so a collapsed tree still says where the choices are.
  const partial = !chosen && !implied && units.some((u) => u.ancestors.includes(unit.code));
  const toggle = (checked: boolean) => onChange(checked ? addUnit(units, { ...unit, ancestors }) : removeUnit(units, unit.code));
  // Arrow keys open and close a node, as in a file tree; Tab still moves between the controls.
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    // Only the innermost item answers: a parent closing would take the focused control away.
    event.stopPropagation();
    if (!leaf) setOpen(event.key === 'ArrowRight');
  };
  return (
    <li onKeyDown={onKeyDown}>
      <div className="scope-tree__row">
        {leaf ? (
          <span className="scope-tree__spacer" />
        ) : (
          <button type="button" className="scope-tree__toggle" aria-expanded={open} aria-label={`${t('expand')} ${unit.name}`} onClick={() => setOpen(!open)}>
            {open ? '▾' : '▸'}
          </button>
        )}
        <label className="inline">
          <input
            type="checkbox"
            name={`unit-${unit.code}`}
            ref={(box) => {
              if (box) box.indeterminate = partial;
            }}
            checked={chosen || implied}
            disabled={implied}
            onChange={(e) => toggle(e.target.checked)}
          />{' '}
          {unit.name}
          {unit.workers !== undefined && (
            <span className="scope-tree__workers">
              {' '}
              · {formatInt(unit.workers)}
              {t('peopleUnit')}
            </span>
          )}
        </label>
      </div>
      {open && !leaf && (
        <ul>
          <Children parent={unit.code} ancestors={[...ancestors, unit.code]} units={units} onChange={onChange} />
        </ul>
      )}
    </li>
  );
}
