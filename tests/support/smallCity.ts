import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CATEGORIES, CATEGORY_CODES } from '../../common/domain/categories.ts';

/**
 * A small city of the city's own files, written for the import tests: 2 districts of 2 streets,
 * each of 2 communities, each of 2 grids (16 grids; the first of each community split into 2
 * micro-grids, the second of the first community an exclusive grid), and 50 workers. Rectangles
 * in the centre of Zhengzhou that tile their parents exactly; codes that are not GB/T 2260 codes.
 */
export type Box = [west: number, south: number, east: number, north: number];
export interface SmallUnit {
  level: 'district' | 'street' | 'community' | 'grid' | 'microGrid';
  code: string;
  name: string;
  parentCode: string | null;
  box: Box;
  gridKind?: 'regular' | 'exclusive';
  category?: string;
}
export interface SmallWorker {
  id: string;
  name: string;
  role: string;
  gridCode: string;
  microGridCode: string;
  phone: string;
}

const WEST = 113.6;
const SOUTH = 34.7;
const STEP = 0.04;

const split = ([w, s, e, n]: Box, along: 'x' | 'y'): [Box, Box] =>
  along === 'x'
    ? [
        [w, s, +((w + e) / 2).toFixed(5), n],
        [+((w + e) / 2).toFixed(5), s, e, n],
      ]
    : [
        [w, s, e, +((s + n) / 2).toFixed(5)],
        [w, +((s + n) / 2).toFixed(5), e, n],
      ];

export function smallCityUnits(): SmallUnit[] {
  const units: SmallUnit[] = [];
  for (let d = 1; d <= 2; d++) {
    const district = `ZZ0${d}`;
    const dBox: Box = [WEST + (d - 1) * STEP, SOUTH, WEST + d * STEP, SOUTH + STEP];
    units.push({ level: 'district', code: district, name: d === 1 ? '东城区' : '西城区', parentCode: null, box: dBox });
    split(dBox, 'y').forEach((sBox, si) => {
      const street = `${district}-S${si + 1}`;
      units.push({ level: 'street', code: street, name: `${d === 1 ? '东城' : '西城'}第${si + 1}街道`, parentCode: district, box: sBox });
      split(sBox, 'x').forEach((cBox, ci) => {
        const community = `${street}-C${ci + 1}`;
        units.push({ level: 'community', code: community, name: `${community}社区`, parentCode: street, box: cBox });
        split(cBox, 'y').forEach((gBox, gi) => {
          const grid = `${community}-G${gi + 1}`;
          const exclusive = gi === 1 && ci === 0;
          units.push({
            level: 'grid',
            code: grid,
            name: `${community}社区${gi + 1}号网格`,
            parentCode: community,
            box: gBox,
            gridKind: exclusive ? 'exclusive' : 'regular',
            ...(exclusive ? { category: '学校' } : {}),
          });
          if (gi === 0) split(gBox, 'x').forEach((mBox, mi) => units.push({ level: 'microGrid', code: `${grid}-M${mi + 1}`, name: `${grid}微网格${mi + 1}`, parentCode: grid, box: mBox }));
        });
      });
    });
  }
  return units;
}

export function smallCityWorkers(units = smallCityUnits()): SmallWorker[] {
  const workers: SmallWorker[] = [];
  const add = (role: string, gridCode: string, microGridCode = '') =>
    workers.push({
      id: `ZZ-${String(workers.length + 1).padStart(4, '0')}`,
      name: `张${workers.length + 1}`,
      role,
      gridCode,
      microGridCode,
      phone: `1380000${String(workers.length + 1).padStart(4, '0')}`,
    });
  for (const grid of units.filter((u) => u.level === 'grid')) {
    add('gridLeader', grid.code);
    add('gridWorker', grid.code);
    for (const micro of units.filter((u) => u.parentCode === grid.code)) add('microGridWorker', grid.code, micro.code);
  }
  add('police', 'ZZ01-S1-C1-G1');
  add('police', 'ZZ02-S1-C1-G1');
  return workers;
}

const ring = ([w, s, e, n]: Box) => [
  [w, s],
  [e, s],
  [e, n],
  [w, n],
  [w, s],
];

export function unitsGeoJson(units: readonly SmallUnit[], position: (lng: number, lat: number) => [number, number] = (lng, lat) => [lng, lat]): string {
  return JSON.stringify({
    type: 'FeatureCollection',
    features: units.map(({ box, ...properties }) => ({ type: 'Feature', properties, geometry: { type: 'Polygon', coordinates: [ring(box).map(([x, y]) => position(x!, y!))] } })),
  });
}

export function workersCsv(workers: readonly SmallWorker[]): string {
  return `\uFEFFid,name,role,gridCode,microGridCode,phone\r\n${workers.map((w) => [w.id, w.name, w.role, w.gridCode, w.microGridCode, w.phone].join(',')).join('\r\n')}\r\n`;
}

/** The city's own devices: a waterlogging point in 东城区, a smoke detector and a camera in 西城区. */
export function smallCitySensors(units = smallCityUnits()): { id: string; kind: string; name: string; lng: number; lat: number }[] {
  const at = (code: string) => middleOf(units.find((u) => u.code === code)!);
  return [
    { id: 'ZZWL-001', kind: 'waterlogging', name: '东城隧道积水点', lng: at('ZZ01-S1-C1-G1-M1')[0], lat: at('ZZ01-S1-C1-G1-M1')[1] },
    { id: 'ZZSD-001', kind: 'smokeDetector', name: '西城烟感一号', lng: at('ZZ02-S2-C2-G2')[0], lat: at('ZZ02-S2-C2-G2')[1] },
    { id: 'ZZCM-001', kind: 'camera', name: '西城路口摄像头', lng: at('ZZ02-S1-C1-G2')[0], lat: at('ZZ02-S1-C1-G2')[1] },
  ];
}

export function sensorsCsv(sensors: readonly { id: string; kind: string; name: string; lng: number; lat: number }[]): string {
  return `\uFEFFid,kind,name,lng,lat\r\n${sensors.map((d) => [d.id, d.kind, d.name, d.lng, d.lat].join(',')).join('\r\n')}\r\n`;
}

/**
 * The city's own departments: each district's water company (burst mains in its district, signed
 * for within 30 minutes, closed within 6 hours) and one city-wide 综合执法局 for everything else.
 */
export function smallCityDepartmentsCsv(): string {
  const others = CATEGORY_CODES.filter((c) => c !== 'waterMainBurst').join('|');
  return `\uFEFFcode,name,district,categories\r\ndc-water,东城区供水公司,ZZ01,waterMainBurst\r\nxc-water,西城区供水公司,ZZ02,waterMainBurst\r\ncity-law,城市综合执法局,,${others}\r\n`;
}

export function smallCityCategoriesCsv(): string {
  const rows = CATEGORY_CODES.map((c) =>
    c === 'waterMainBurst'
      ? 'waterMainBurst,自来水管爆裂,dc-water|xc-water,direct,0.5,6'
      : `${c},${CATEGORIES[c].zh},city-law,${CATEGORIES[c].dispatch},0.25,${CATEGORIES[c].handlingTargetMs / 3_600_000}`,
  );
  return `\uFEFFcategory,name,departments,dispatch,signInHours,resolveHours\r\n${rows.join('\r\n')}\r\n`;
}

/** Writes the files into a new folder `dir`. */
export function writeCityFiles(dir: string, files: Record<string, string>): string {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

/** The middle of a unit's box. */
export const middleOf = (unit: SmallUnit): [number, number] => [(unit.box[0] + unit.box[2]) / 2, (unit.box[1] + unit.box[3]) / 2];
