import { CATEGORIES, CATEGORY_CODES, type Category, type DispatchMode } from './categories.ts';
import { DEPARTMENTS } from './departments.ts';

/**
 * The city's services: its departments and, for each category the release files events under, who
 * handles it, how it is dispatched and its targets. The release's own list serves the generated
 * city; an imported city's `departments.csv` and `categories.csv` replace it (a city version holds
 * it). Server, pages and simulator read the same catalogue: `GET /api/city/services`.
 */
export interface DepartmentEntry {
  code: string;
  name: string;
  nameEn: string;
  /** A district's department serves events in that district only; null: the whole city. */
  district: string | null;
}

export interface CategoryPolicy {
  name: string;
  nameEn: string;
  /** Who handles it, the lead first; district departments among them take their district's events. */
  departments: string[];
  dispatch: DispatchMode;
  /** 签收 target, ms; null: the deployment's (SIGN_IN_TARGET_MS). */
  signInTargetMs: number | null;
  /** 办结 target from dispatch, ms. */
  handlingTargetMs: number;
}

/** The catalogue as stored in a city version and answered by `GET /api/city/services`. */
export interface ServiceCatalogueData {
  departments: DepartmentEntry[];
  categories: Record<Category, CategoryPolicy>;
}

export class ServiceCatalogue {
  private readonly byCode: ReadonlyMap<string, DepartmentEntry>;

  constructor(readonly data: ServiceCatalogueData) {
    this.byCode = new Map(data.departments.map((d) => [d.code, d]));
  }

  /** The release's own departments and categories: the generated city's. */
  static builtIn(): ServiceCatalogue {
    return new ServiceCatalogue(BUILT_IN);
  }

  get departments(): readonly DepartmentEntry[] {
    return this.data.departments;
  }

  department(code: string): DepartmentEntry | undefined {
    return this.byCode.get(code);
  }

  has(code: string): boolean {
    return this.byCode.has(code);
  }

  /** The codes among these the city does not have. */
  unknown(codes: readonly string[]): string[] {
    return codes.filter((code) => !this.byCode.has(code));
  }

  policy(category: Category): CategoryPolicy {
    return this.data.categories[category];
  }

  /**
   * Who takes an event of this category in this district: the category's city-wide departments and
   * those of the event's district, in the category's order. A district with none of its own takes
   * them all rather than none: nothing is left undispatched (the import warns of such gaps).
   */
  departmentsFor(category: Category, districtCode: string | null): string[] {
    const all = this.data.categories[category].departments;
    const serving = all.filter((code) => {
      const district = this.byCode.get(code)?.district ?? null;
      return district === null || district === districtCode;
    });
    return serving.length ? serving : [...all];
  }

  /** The categories a department handles, in the release's order. */
  categoriesOf(code: string): Category[] {
    return CATEGORY_CODES.filter((c) => this.data.categories[c].departments.includes(code));
  }
}

const BUILT_IN: ServiceCatalogueData = {
  departments: DEPARTMENTS.map((d) => ({ code: d.code, name: d.name, nameEn: d.nameEn, district: null })),
  categories: Object.fromEntries(
    CATEGORY_CODES.map((c) => {
      const spec = CATEGORIES[c];
      return [c, { name: spec.zh, nameEn: spec.en, departments: [...spec.departments], dispatch: spec.dispatch, signInTargetMs: null, handlingTargetMs: spec.handlingTargetMs }];
    }),
  ) as Record<Category, CategoryPolicy>,
};
