import type { EncodedGeometry } from './codec.ts';
import type { LngLat } from './units.ts';

/**
 * The five administrative levels of 网格化治理 (市 → 区县 → 街道乡镇 → 社区村 → 网格) plus the
 * 微网格 below a grid. Exclusive grids (专属网格) are grids of their own kind, carved out of a
 * community beside its ordinary grids.
 */
export const ORG_LEVELS = ['city', 'district', 'street', 'community', 'grid', 'microGrid'] as const;
export type OrgLevel = (typeof ORG_LEVELS)[number];

export type DistrictKind = 'administrative' | 'functional';
export type GridKind = 'regular' | 'exclusive';
export const EXCLUSIVE_CATEGORIES = ['商圈', '交通枢纽', '学校', '医院', '产业园区', '景区场馆', '专业市场'] as const;
export type ExclusiveCategory = (typeof EXCLUSIVE_CATEGORIES)[number];

/** The committed file `data/geo/city.json`: the levels with real names. */
export interface CityFile {
  format: 1;
  seed: number;
  city: { code: string; name: string };
  districts: { code: string; name: string; shortName: string; kind: DistrictKind; codeIsOfficial: boolean; label: LngLat; geometry: EncodedGeometry }[];
  streets: { code: string; name: string; district: number; label: LngLat; geometry: EncodedGeometry }[];
  communities: { code: string; name: string; street: number; rural: boolean; label: LngLat; geometry: EncodedGeometry }[];
}

/** The committed file `data/geo/grids.json`: generated grids, columnar to stay compact. */
export interface GridsFile {
  format: 1;
  community: number[];
  /** Serial within the community: 1… for regular grids, 501… for exclusive ones. */
  serial: number[];
  exclusive: { grid: number; name: string; category: ExclusiveCategory; landmark: boolean }[];
  geometry: EncodedGeometry[];
  /** An imported city's own grid codes and names; without them they are made from the community's and the serial. */
  code?: string[];
  name?: string[];
}

/** The committed file `data/geo/micro-grids.json`. */
export interface MicroGridsFile {
  format: 1;
  grid: number[];
  geometry: EncodedGeometry[];
  /** An imported city's own micro-grid codes and names; without them they are made from the grid's and the serial. */
  code?: string[];
  name?: string[];
}

export const FIRST_EXCLUSIVE_SERIAL = 501;

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 12 → 十二, 40 → 四十, 105 → 一百零五: grid names read the way Chinese staff say them. */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 999) throw new RangeError(`chineseNumeral: ${n} out of 1..999`);
  const hundreds = Math.floor(n / 100);
  const tens = Math.floor((n % 100) / 10);
  const ones = n % 10;
  let out = '';
  if (hundreds) out += `${DIGITS[hundreds]}百`;
  if (tens) out += tens === 1 && !hundreds ? '十' : `${DIGITS[tens]}十`;
  else if (hundreds && ones) out += '零';
  if (ones) out += DIGITS[ones];
  return out;
}

/** "建新社区居委会" → "建新社区", "刘庄村民委员会" → "刘庄村": the name people use. */
export function communityShortName(officialName: string): string {
  return officialName
    .replace(/(居民委员会|居委会)$/, '')
    .replace(/(村民委员会|村委会)$/, '村')
    .replace(/村村$/, '村');
}

export function gridCode(communityCode: string, serial: number): string {
  return `${communityCode}${String(serial).padStart(3, '0')}`;
}

export function regularGridName(communityName: string, serial: number): string {
  return `${communityName}第${chineseNumeral(serial)}网格`;
}

export function microGridCode(parentGridCode: string, serial: number): string {
  return `${parentGridCode}${String(serial).padStart(2, '0')}`;
}

export function microGridName(parentGridName: string, serial: number): string {
  return `${parentGridName}第${chineseNumeral(serial)}微网格`;
}
