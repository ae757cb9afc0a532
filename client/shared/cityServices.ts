import type { Category } from '../../common/domain/categories.ts';
import { ServiceCatalogue, type ServiceCatalogueData } from '../../common/domain/serviceCatalogue.ts';
import { lang } from './i18n.ts';

/**
 * The city's departments and categories as its server serves them (`GET /api/city/services`):
 * an imported city names its own. Loaded once before a page renders (the pages reload when the
 * city changes); until then, and when the server cannot be reached, the last catalogue this
 * browser saw, else the release's own.
 */

const STORAGE_KEY = 'cityServices';
/** A page waits at most this long for the catalogue before it renders with what it has, ms. */
const LOAD_TIMEOUT_MS = 3000;

let services = remembered() ?? ServiceCatalogue.builtIn();

function remembered(): ServiceCatalogue | null {
  try {
    const text = globalThis.localStorage?.getItem(STORAGE_KEY);
    return text ? new ServiceCatalogue(JSON.parse(text) as ServiceCatalogueData) : null;
  } catch {
    return null;
  }
}

/** Fetches the catalogue in use; resolves (never rejects) once it is known or the wait is over. */
export async function loadCityServices(): Promise<void> {
  try {
    const res = await fetch('/api/city/services', { signal: AbortSignal.timeout(LOAD_TIMEOUT_MS) });
    if (!res.ok) return;
    const data = (await res.json()) as ServiceCatalogueData;
    services = new ServiceCatalogue(data);
    globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(data));
  } catch {
    // Offline or slow: the page runs on the catalogue it had.
  }
}

export const cityServices = (): ServiceCatalogue => services;

/** A category's name in the page's language. */
export function categoryLabel(category: Category): string {
  const policy = services.policy(category);
  if (!policy) return category;
  return lang === 'zh' ? policy.name : policy.nameEn;
}

/** A department's name in the page's language; its code when unknown. */
export function departmentName(code: string): string {
  const d = services.department(code);
  return d ? (lang === 'zh' ? d.name : d.nameEn) : code;
}
