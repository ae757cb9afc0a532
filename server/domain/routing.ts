import { CATEGORIES, type Category } from '../../common/domain/categories.ts';
import type { Dispatch } from '../../common/domain/eventRecords.ts';

/**
 * Who gets an event: the category's department(s) and how (一键直派 / 会商 / 包派). A report
 * that spans districts, levels or departments (三跨) goes to a leader whatever its category.
 */
export function route(category: Category, spansJurisdictions: boolean): Dispatch {
  const spec = CATEGORIES[category];
  return { mode: spansJurisdictions ? 'leader' : spec.dispatch, departments: [...spec.departments] };
}
