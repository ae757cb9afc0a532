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
