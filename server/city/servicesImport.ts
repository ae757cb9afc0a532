import { CATEGORIES, CATEGORY_CODES, type Category, type DispatchMode } from '../../common/domain/categories.ts';
import { DEPARTMENT_CODE_PATTERN, DEPARTMENTS } from '../../common/domain/departments.ts';
import type { CategoryPolicy, DepartmentEntry, ServiceCatalogue, ServiceCatalogueData } from '../../common/domain/serviceCatalogue.ts';
import { isStorableText } from '../../common/domain/text.ts';
import { csvRows } from './csvRows.ts';
import type { ImportProblem } from './importReport.ts';

/**
 * `departments.csv` and `categories.csv`: the city's departments and, for each category this
 * release files events under, who handles it, how it is dispatched and its targets — read, checked
 * against each other and the city's districts, and built into the service catalogue a city version
 * holds. A file left out keeps what is in use.
 */

const DISPATCH: readonly DispatchMode[] = ['direct', 'joint', 'leader'];
const NAME_MAX_CHARS = 100;
/** Departments a city may list: Zhengzhou has a few dozen city bodies and each district its own. */
export const DEPARTMENTS_MAX = 2000;

interface DepartmentRow extends DepartmentEntry {
  /** The categories its row says it handles. */
  categories: Category[];
}

const isCategory = (code: string): code is Category => (CATEGORY_CODES as readonly string[]).includes(code);
const nameProblem = (name: string) => (!name || name.length > NAME_MAX_CHARS || !isStorableText(name) ? `must be text of 1–${NAME_MAX_CHARS} characters` : null);

/** `departments.csv` (`code,name,district,categories`, optionally `nameEn`): each department once, its district in the city, its categories known. */
function readDepartments(text: string, districts: ReadonlySet<string>, errors: ImportProblem[]): DepartmentRow[] {
  const rows: DepartmentRow[] = [];
  const seen = new Set<string>();
  const rowsRead = csvRows('departments.csv', text, ['code', 'name', 'district', 'categories'], errors);
  if (rowsRead.length > DEPARTMENTS_MAX) errors.push({ file: 'departments.csv', where: 'file', message: `${rowsRead.length} departments: at most ${DEPARTMENTS_MAX}` });
  for (const { value, problem } of rowsRead.slice(0, DEPARTMENTS_MAX)) {
    const code = value('code');
    if (!DEPARTMENT_CODE_PATTERN.test(code)) {
      problem(`code ${JSON.stringify(code)} must be 1–40 letters, digits, _ or -`);
      continue;
    }
    if (seen.has(code)) problem(`department ${code} is given twice`);
    seen.add(code);
    const name = value('name');
    // The export writes no English names: a department of the release's own keeps its English name.
    const nameEn = value('nameEn') || (DEPARTMENTS.find((d) => d.code === code)?.nameEn ?? name);
    const bad = nameProblem(name) ?? nameProblem(nameEn);
    if (bad) problem(`department ${code}: name ${JSON.stringify(name)} ${bad}`);
    const district = value('district') || null;
    if (district !== null && !districts.has(district)) problem(`department ${code}: unknown district ${district}`);
    const categories: Category[] = [];
    for (const category of value('categories').split('|').filter(Boolean)) {
      if (isCategory(category)) categories.push(category);
      else problem(`department ${code}: unknown category ${category} (this release files events under ${CATEGORY_CODES.join(', ')})`);
    }
    rows.push({ code, name, nameEn, district, categories });
  }
  return rows;
}

/** `categories.csv`: each category once and one this release files, its departments known, its dispatch and hours valid. */
function readCategories(text: string, known: ReadonlySet<string>, knownFrom: string, errors: ImportProblem[]): Map<Category, CategoryPolicy> {
  const policies = new Map<Category, CategoryPolicy>();
  for (const { value, problem } of csvRows('categories.csv', text, ['category', 'name', 'departments', 'dispatch', 'signInHours', 'resolveHours'], errors)) {
    const category = value('category');
    if (!isCategory(category)) problem(`unknown category ${JSON.stringify(category)}: this release files events under ${CATEGORY_CODES.join(', ')}`);
    else if (policies.has(category)) problem(`category ${category} is given twice`);
    const name = value('name');
    const bad = nameProblem(name);
    if (bad) problem(`category ${category}: name ${JSON.stringify(name)} ${bad}`);
    const departments = [...new Set(value('departments').split('|').filter(Boolean))];
    if (!departments.length) problem(`category ${category}: at least one department must handle it`);
    for (const department of departments) if (!known.has(department)) problem(`category ${category} names unknown department ${department} (not in ${knownFrom})`);
    if (!isCategory(category)) continue;
    const dispatch = value('dispatch') as DispatchMode;
    if (!DISPATCH.includes(dispatch)) problem(`category ${category}: dispatch ${JSON.stringify(value('dispatch'))} is not one of ${DISPATCH.join(', ')}`);
    const hoursMs: number[] = [];
    for (const column of ['signInHours', 'resolveHours']) {
      const hours = Number(value(column));
      if (!value(column) || !Number.isFinite(hours) || hours <= 0 || hours > 8760)
        problem(`category ${category}: ${column} ${JSON.stringify(value(column))} must be a number of hours, above 0 and at most 8760`);
      // Whole seconds: the export writes hours to 4 places (0.36 s), so 5 minutes comes back as 300,000 ms.
      hoursMs.push(Math.round(hours * 3600) * 1000);
    }
    policies.set(category, {
      name,
      nameEn: value('nameEn') || CATEGORIES[category].en,
      departments,
      dispatch,
      signInTargetMs: hoursMs[0]!,
      handlingTargetMs: hoursMs[1]!,
    });
  }
  return policies;
}

/**
 * The service catalogue a city import makes of the files it was given, checked: null when neither
 * file was given (what is in use is kept). Without `categories.csv`, each category is handled by
 * the departments whose row lists it; with it, `categories.csv` says who handles what and a
 * department row that disagrees is warned of.
 */
export function importServices(
  files: { departments?: string; categories?: string },
  current: ServiceCatalogue,
  districts: ReadonlySet<string>,
  errors: ImportProblem[],
  warnings: ImportProblem[],
): ServiceCatalogueData | null {
  if (files.departments === undefined && files.categories === undefined) return null;
  const departmentRows = files.departments === undefined ? null : readDepartments(files.departments, districts, errors);
  const departments: DepartmentEntry[] = departmentRows ? departmentRows.map(({ code, name, nameEn, district }) => ({ code, name, nameEn, district })) : current.departments.map((d) => ({ ...d }));
  const known = new Set(departments.map((d) => d.code));
  const categories = {} as Record<Category, CategoryPolicy>;
  if (files.categories !== undefined) {
    const given = readCategories(files.categories, known, departmentRows ? 'departments.csv' : 'the departments in use', errors);
    for (const c of CATEGORY_CODES) {
      const policy = given.get(c);
      if (policy) categories[c] = policy;
      else {
        // Left out of the file: the policy in use, if its departments are still there.
        categories[c] = { ...current.policy(c), departments: [...current.policy(c).departments] };
        const gone = categories[c].departments.filter((d) => !known.has(d));
        if (gone.length) errors.push({ file: 'categories.csv', where: 'file', message: `category ${c} is not given and its departments in use (${gone.join(', ')}) are not in departments.csv` });
      }
    }
    if (!errors.length)
      for (const row of departmentRows ?? [])
        for (const c of row.categories)
          if (!categories[c].departments.includes(row.code))
            warnings.push({ file: 'departments.csv', where: `department ${row.code}`, message: `lists category ${c}, which categories.csv does not give it: categories.csv applies` });
  } else {
    for (const c of CATEGORY_CODES) {
      const handlers = departmentRows!.filter((row) => row.categories.includes(c)).map((row) => row.code);
      if (!handlers.length) errors.push({ file: 'departments.csv', where: 'file', message: `no department handles category ${c} (list it in a department's categories, or give categories.csv)` });
      categories[c] = { ...current.policy(c), departments: handlers };
    }
  }
  if (!errors.length) warnDistrictGaps(departments, categories, districts, warnings);
  return { departments, categories };
}

/** A category handled only by district departments, in a district with none of them: its events there go to them all. */
function warnDistrictGaps(departments: readonly DepartmentEntry[], categories: Record<Category, CategoryPolicy>, districts: ReadonlySet<string>, warnings: ImportProblem[]): void {
  const districtOf = new Map(departments.map((d) => [d.code, d.district]));
  for (const c of CATEGORY_CODES) {
    const served = categories[c].departments.map((d) => districtOf.get(d) ?? null);
    if (served.includes(null)) continue;
    const missing = [...districts].filter((d) => !served.includes(d));
    if (missing.length)
      warnings.push({
        file: 'categories.csv',
        where: `category ${c}`,
        message: `no department of ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more districts` : ''} handles it: events there go to all of its departments`,
      });
  }
}
