import { z } from 'zod';

/**
 * 职能部门: the bodies that receive dispatched work. Codes are the project's own, stable, short
 * and ASCII so they can sit in room names and URLs.
 */
export interface Department {
  code: string;
  name: string;
  nameEn: string;
}

export const DEPARTMENTS: readonly Department[] = [
  { code: 'cityManagement', name: '城市管理局', nameEn: 'City management' },
  { code: 'housing', name: '住房和城乡建设局', nameEn: 'Housing and construction' },
  { code: 'marketRegulation', name: '市场监督管理局', nameEn: 'Market regulation' },
  { code: 'trafficPolice', name: '公安局交通警察支队', nameEn: 'Traffic police' },
  { code: 'waterSupply', name: '自来水公司', nameEn: 'Water supply' },
  { code: 'heating', name: '热力公司', nameEn: 'Heating' },
  { code: 'gas', name: '燃气公司', nameEn: 'Gas' },
  { code: 'powerSupply', name: '供电公司', nameEn: 'Power supply' },
  { code: 'drainage', name: '市政设施事务中心（排水）', nameEn: 'Drainage' },
  { code: 'emergency', name: '应急管理局', nameEn: 'Emergency management' },
  { code: 'fire', name: '消防救援支队', nameEn: 'Fire and rescue' },
  { code: 'agriculture', name: '农业农村工作委员会', nameEn: 'Agriculture' },
  { code: 'health', name: '卫生健康委员会', nameEn: 'Health' },
  { code: 'education', name: '教育局', nameEn: 'Education' },
  { code: 'ecology', name: '生态环境局', nameEn: 'Ecology and environment' },
  { code: 'civilAffairs', name: '民政局', nameEn: 'Civil affairs' },
];

/** A department's code as a city's files may give it: letters, digits, `_` or `-`, up to 40 characters. */
export const DEPARTMENT_CODE_PATTERN = /^[A-Za-z0-9_-]{1,40}$/;
/** The departments one command may name (a dispatch, a whistle, a case): a joint meeting, not a roll call. */
export const DEPARTMENTS_PER_COMMAND_MAX = 50;

/**
 * A department code in a command. Whether the city has it is the server's question (its service
 * catalogue follows the city version in use), answered as a 400 naming the field.
 */
export const DepartmentCode = z.string({ error: 'must be a department code' }).regex(DEPARTMENT_CODE_PATTERN, 'must be a department code (letters, digits, _ or -, up to 40)');
