import { DEPARTMENTS } from '../../common/domain/departments.ts';
import { lang } from '../shared/i18n.ts';

const byCode = new Map(DEPARTMENTS.map((d) => [d.code, d]));

/** A department's name in the page's language; its code when unknown. */
export function departmentName(code: string): string {
  const d = byCode.get(code);
  return d ? (lang === 'zh' ? d.name : d.nameEn) : code;
}
