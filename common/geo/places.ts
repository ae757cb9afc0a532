import type { ExclusiveCategory } from './hierarchy.ts';
import type { LngLat } from './units.ts';

/**
 * Well-known places of Zhengzhou, hand-entered from general knowledge of the city's map at about
 * ±1 km (WGS-84). They anchor the named exclusive grids (专属网格) and the map's context labels,
 * and later the simulator's hotspots. Not survey data: good enough to put 郑州东站 east of the
 * centre and 少林寺 in 登封, not to navigate by.
 */
export interface Place {
  name: string;
  category: ExclusiveCategory;
  position: LngLat;
  /** Relative draw on crowds and reports; 1 is an ordinary busy place. */
  weight: number;
}

export const PLACES: readonly Place[] = [
  { name: '二七塔商圈', category: '商圈', position: [113.6606, 34.7545], weight: 10 },
  { name: '郑州东站', category: '交通枢纽', position: [113.772, 34.7595], weight: 8 },
  { name: '郑州站', category: '交通枢纽', position: [113.6525, 34.7455], weight: 6 },
  { name: '新郑国际机场', category: '交通枢纽', position: [113.842, 34.526], weight: 5 },
  { name: '郑州航空港站', category: '交通枢纽', position: [113.846, 34.553], weight: 2 },
  { name: '华南城', category: '专业市场', position: [113.702, 34.679], weight: 6 },
  { name: 'CBD文化会展', category: '商圈', position: [113.728, 34.7685], weight: 5 },
  { name: '人和夜市', category: '商圈', position: [113.6395, 34.7395], weight: 3 },
  { name: '郑州大学第一附属医院', category: '医院', position: [113.6525, 34.7565], weight: 4 },
  { name: '河南省人民医院', category: '医院', position: [113.6765, 34.7585], weight: 4 },
  { name: '郑州市中心医院', category: '医院', position: [113.624, 34.7525], weight: 2 },
  { name: '郑大一附院郑东院区', category: '医院', position: [113.7835, 34.7745], weight: 3 },
  { name: '郑州大学主校区', category: '学校', position: [113.535, 34.818], weight: 3 },
  { name: '龙子湖高校园区', category: '学校', position: [113.805, 34.795], weight: 3 },
  { name: '河南农业大学', category: '学校', position: [113.645, 34.7875], weight: 2 },
  { name: '河南博物院', category: '景区场馆', position: [113.6705, 34.788], weight: 2 },
  { name: '紫荆山公园', category: '景区场馆', position: [113.6795, 34.763], weight: 2 },
  { name: '郑州人民公园', category: '景区场馆', position: [113.6555, 34.7578], weight: 2 },
  { name: '郑州奥林匹克体育中心', category: '景区场馆', position: [113.533, 34.764], weight: 3 },
  { name: '中原福塔', category: '景区场馆', position: [113.7305, 34.723], weight: 2 },
  { name: '黄河风景名胜区', category: '景区场馆', position: [113.52, 34.948], weight: 2 },
  { name: '方特欢乐世界', category: '景区场馆', position: [113.95, 34.722], weight: 2 },
  { name: '嵩山少林寺', category: '景区场馆', position: [112.935, 34.507], weight: 3 },
  { name: '黄帝故里', category: '景区场馆', position: [113.735, 34.398], weight: 2 },
  { name: '富士康郑州科技园', category: '产业园区', position: [113.862, 34.522], weight: 4 },
  { name: '宇通客车工业园', category: '产业园区', position: [113.742, 34.703], weight: 2 },
  { name: '郑州国际物流园区', category: '产业园区', position: [113.735, 34.645], weight: 2 },
  { name: '高新区电子信息产业园', category: '产业园区', position: [113.572, 34.823], weight: 2 },
];

/** District seats and the city core, where people and buildings concentrate. */
export const POPULATION_CENTRES: readonly { name: string; position: LngLat; radiusKm: number; weight: number }[] = [
  { name: '主城区', position: [113.665, 34.757], radiusKm: 9, weight: 1 },
  { name: '郑东新区', position: [113.75, 34.775], radiusKm: 4.5, weight: 0.7 },
  { name: '航空港区', position: [113.84, 34.53], radiusKm: 4, weight: 0.45 },
  { name: '巩义', position: [113.02, 34.755], radiusKm: 3, weight: 0.4 },
  { name: '荥阳', position: [113.383, 34.787], radiusKm: 3, weight: 0.4 },
  { name: '新密', position: [113.39, 34.538], radiusKm: 3, weight: 0.4 },
  { name: '新郑', position: [113.74, 34.396], radiusKm: 3, weight: 0.4 },
  { name: '登封', position: [113.05, 34.455], radiusKm: 3, weight: 0.35 },
  { name: '中牟', position: [113.976, 34.719], radiusKm: 3, weight: 0.35 },
  { name: '上街', position: [113.298, 34.803], radiusKm: 2.5, weight: 0.35 },
];
