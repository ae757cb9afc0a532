import { CATEGORIES, CATEGORY_CODES, type Category } from '../../common/domain/categories.ts';
import type { Dispatch } from '../../common/domain/eventRecords.ts';

/**
 * Who gets an event: the category's department(s) and how (一键直派 / 会商 / 包派). A report
 * that spans districts, levels or departments (三跨) goes to a leader whatever its category.
 */
export function route(category: Category, spansJurisdictions: boolean): Dispatch {
  const spec = CATEGORIES[category];
  return { mode: spansJurisdictions ? 'leader' : spec.dispatch, departments: [...spec.departments] };
}

/**
 * Which categories are dispatched by the server at intake (一键直派); every other report waits on
 * the officer's desk for 受理, 立案 and 派遣 (会商, 包派), as do reports that span jurisdictions.
 * `AUTO_DISPATCH_CATEGORIES`: unset or `direct` — the categories whose dispatch is direct;
 * `all`; `none`; or a comma-separated list of category codes.
 */
export function autoDispatchPolicy(setting: string | undefined): ReadonlySet<Category> {
  const value = (setting ?? 'direct').trim();
  if (value === 'direct' || value === '') return new Set(CATEGORY_CODES.filter((c) => CATEGORIES[c].dispatch === 'direct'));
  if (value === 'all') return new Set(CATEGORY_CODES);
  if (value === 'none') return new Set();
  const codes = value
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  const unknown = codes.filter((c) => !(c in CATEGORIES));
  if (unknown.length) throw new Error(`not a category: ${unknown.join(', ')} (use direct, all, none or codes such as ${CATEGORY_CODES.slice(0, 3).join(',')})`);
  return new Set(codes as Category[]);
}

/** Whether a new report is dispatched at intake under this policy. */
export function dispatchesAtIntake(policy: ReadonlySet<Category>, category: Category, spansJurisdictions: boolean): boolean {
  return !spansJurisdictions && policy.has(category);
}
