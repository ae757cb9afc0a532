import { CATEGORY_CODES, type Category } from '../../common/domain/categories.ts';
import type { Dispatch } from '../../common/domain/eventRecords.ts';
import type { ServiceCatalogue } from '../../common/domain/serviceCatalogue.ts';

/**
 * Who gets an event: the category's department(s) serving its district, and how (一键直派 / 会商 /
 * 包派), as the city's service catalogue says. A report that spans districts, levels or
 * departments (三跨) goes to a leader whatever its category.
 */
export function route(services: ServiceCatalogue, category: Category, districtCode: string | null, spansJurisdictions: boolean): Dispatch {
  return { mode: spansJurisdictions ? 'leader' : services.policy(category).dispatch, departments: services.departmentsFor(category, districtCode) };
}

/** `AUTO_DISPATCH_CATEGORIES` as read: the categories of a dispatch mode, all, none, or these. */
export type AutoDispatchSetting = 'direct' | 'all' | 'none' | readonly Category[];

/**
 * Which categories are dispatched by the server at intake (一键直派); every other report waits on
 * the officer's desk for 受理, 立案 and 派遣 (会商, 包派), as do reports that span jurisdictions.
 * `AUTO_DISPATCH_CATEGORIES`: unset or `direct` — the categories whose dispatch is direct;
 * `all`; `none`; or a comma-separated list of category codes.
 */
export function readAutoDispatch(setting: string | undefined): AutoDispatchSetting {
  const value = (setting ?? 'direct').trim();
  if (value === 'direct' || value === '') return 'direct';
  if (value === 'all' || value === 'none') return value;
  const codes = value
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  const unknown = codes.filter((c) => !(CATEGORY_CODES as readonly string[]).includes(c));
  if (unknown.length) throw new Error(`not a category: ${unknown.join(', ')} (use direct, all, none or codes such as ${CATEGORY_CODES.slice(0, 3).join(',')})`);
  return codes as Category[];
}

/** The categories dispatched at intake under a setting, in the city's catalogue (`direct`: those its categories dispatch directly). */
export function autoDispatchPolicy(setting: AutoDispatchSetting, services: ServiceCatalogue): ReadonlySet<Category> {
  if (setting === 'direct') return new Set(CATEGORY_CODES.filter((c) => services.policy(c).dispatch === 'direct'));
  if (setting === 'all') return new Set(CATEGORY_CODES);
  if (setting === 'none') return new Set();
  return new Set(setting);
}

/** Whether a new report is dispatched at intake under this policy. */
export function dispatchesAtIntake(policy: ReadonlySet<Category>, category: Category, spansJurisdictions: boolean): boolean {
  return !spansJurisdictions && policy.has(category);
}
