import { decodeRing, type EncodedGeometry } from './codec.ts';
import {
  type CityFile,
  communityShortName,
  type DistrictKind,
  type ExclusiveCategory,
  type GridKind,
  type GridsFile,
  gridCode,
  type MicroGridsFile,
  microGridCode,
  microGridName,
  regularGridName,
} from './hierarchy.ts';
import { PolygonIndex, type Rings } from './polygonIndex.ts';
import { ringSignedArea } from './pointInPolygon.ts';
import { toKm } from './projection.ts';
import type { GridPath } from '../domain/geo.ts';
import type { LngLat } from './units.ts';

export interface CityData {
  city: CityFile;
  grids: GridsFile;
  microGrids: MicroGridsFile;
}

export interface DistrictUnit {
  index: number;
  code: string;
  name: string;
  shortName: string;
  kind: DistrictKind;
  codeIsOfficial: boolean;
  label: LngLat;
  areaKm2: number;
}
export interface StreetUnit {
  index: number;
  code: string;
  name: string;
  district: number;
  label: LngLat;
}
export interface CommunityUnit {
  index: number;
  code: string;
  /** The name people use, e.g. 建新社区 (officialName: 建新社区居委会). */
  name: string;
  officialName: string;
  street: number;
  rural: boolean;
  label: LngLat;
}
export interface GridUnit {
  index: number;
  code: string;
  name: string;
  community: number;
  kind: GridKind;
  category: ExclusiveCategory | null;
  /** Exclusive grid at a named real place (郑州东站, 二七塔商圈, …). */
  landmark: boolean;
  microGrids: number[];
}
export interface MicroGridUnit {
  index: number;
  code: string;
  name: string;
  grid: number;
}

/** Index bins of ≈ 80 m: small enough that most bins lie wholly inside one leaf (see bench:lookup). */
const LEAF_BIN_DEGREES = 0.0008;
/** Slivers between quantised neighbours are under ≈ 1 m; a point within ≈ 5 m of a leaf is in it. */
const SLIVER_TOLERANCE_DEGREES = 0.00005;

/**
 * The city's hierarchy in memory: units per level with codes, names and parents, plus a point
 * locator. Built from the committed geodata; holds no I/O, so server, tests and benchmarks share it.
 */
export class CityGeography {
  readonly city: { code: string; name: string };
  readonly districts: DistrictUnit[];
  readonly streets: StreetUnit[];
  readonly communities: CommunityUnit[];
  readonly grids: GridUnit[];
  readonly microGrids: MicroGridUnit[];
  private readonly gridRings: Rings[];
  private readonly microRings: Rings[];
  /**
   * The leaves of the hierarchy tile the city: micro-grids (which tile their grids) and the grids
   * without micro-grids. Leaf k < microGrids.length is micro-grid k, the rest are such grids.
   */
  private readonly leafIndex: PolygonIndex;
  private readonly gridOfLeaf: Int32Array;

  constructor(readonly data: CityData) {
    const { city, grids, microGrids } = data;
    this.city = city.city;
    this.districts = city.districts.map((d, index) => ({
      index,
      code: d.code,
      name: d.name,
      shortName: d.shortName,
      kind: d.kind,
      codeIsOfficial: d.codeIsOfficial,
      label: d.label,
      areaKm2: areaKm2(d.geometry),
    }));
    this.streets = city.streets.map((s, index) => ({ index, code: s.code, name: s.name, district: s.district, label: s.label }));
    this.communities = city.communities.map((c, index) => ({
      index,
      code: c.code,
      name: communityShortName(c.name),
      officialName: c.name,
      street: c.street,
      rural: c.rural,
      label: c.label,
    }));
    const exclusiveByGrid = new Map(grids.exclusive.map((e) => [e.grid, e]));
    this.grids = grids.community.map((community, index) => {
      const exclusive = exclusiveByGrid.get(index);
      const serial = grids.serial[index]!;
      const parent = this.communities[community]!;
      return {
        index,
        code: grids.code?.[index] ?? gridCode(parent.code, serial),
        name: grids.name?.[index] ?? (exclusive ? exclusive.name : regularGridName(parent.name, serial)),
        community,
        kind: exclusive ? 'exclusive' : 'regular',
        category: exclusive?.category ?? null,
        landmark: exclusive?.landmark ?? false,
        microGrids: [],
      };
    });
    this.microGrids = microGrids.grid.map((grid, index) => {
      const parent = this.grids[grid]!;
      parent.microGrids.push(index);
      const serial = parent.microGrids.length;
      return { index, code: microGrids.code?.[index] ?? microGridCode(parent.code, serial), name: microGrids.name?.[index] ?? microGridName(parent.name, serial), grid };
    });
    this.gridRings = grids.geometry.map(decodeRings);
    this.microRings = microGrids.geometry.map(decodeRings);
    // Grids without micro-grids (the exclusive ones; in an imported city, any) are leaves themselves.
    const leafGrids = this.grids.filter((g) => g.microGrids.length === 0).map((g) => g.index);
    this.gridOfLeaf = Int32Array.from([...this.microGrids.map((m) => m.grid), ...leafGrids]);
    this.leafIndex = new PolygonIndex([...this.microRings, ...leafGrids.map((g) => this.gridRings[g]!)], LEAF_BIN_DEGREES);
  }

  /**
   * The leaf under a point: `{ grid, microGrid }` indices, microGrid -1 inside an exclusive grid;
   * grid -1 outside the city. One index lookup answers every level above.
   */
  locateIndices(lng: number, lat: number): { grid: number; microGrid: number } {
    const leaf = this.leafIndex.findNear(lng, lat, SLIVER_TOLERANCE_DEGREES);
    if (leaf < 0) return { grid: -1, microGrid: -1 };
    return { grid: this.gridOfLeaf[leaf]!, microGrid: leaf < this.microGrids.length ? leaf : -1 };
  }

  /** Grid index under a point, or -1: the hot path for bulk location (no allocation). */
  locateGridIndex(lng: number, lat: number): number {
    const leaf = this.leafIndex.findNear(lng, lat, SLIVER_TOLERANCE_DEGREES);
    return leaf < 0 ? -1 : this.gridOfLeaf[leaf]!;
  }

  locate(lng: number, lat: number): GridPath | null {
    const { grid: g, microGrid: m } = this.locateIndices(lng, lat);
    if (g < 0) return null;
    const grid = this.grids[g]!;
    const community = this.communities[grid.community]!;
    const street = this.streets[community.street]!;
    const district = this.districts[street.district]!;
    return {
      district: { code: district.code, name: district.name, kind: district.kind },
      street: { code: street.code, name: street.name },
      community: { code: community.code, name: community.name },
      grid: { code: grid.code, name: grid.name, kind: grid.kind },
      microGrid: m < 0 ? null : { code: this.microGrids[m]!.code, name: this.microGrids[m]!.name },
    };
  }

  /** Index of the district a grid lies in. */
  districtOfGrid(grid: number): number {
    return this.streets[this.communities[this.grids[grid]!.community]!.street]!.district;
  }

  /** Decoded rings of a grid, interleaved lng/lat degrees. */
  gridRingsOf(grid: number): Rings {
    return this.gridRings[grid]!;
  }

  microGridRingsOf(microGrid: number): Rings {
    return this.microRings[microGrid]!;
  }
}

function decodeRings(geometry: EncodedGeometry): Rings {
  return geometry.flatMap((polygon) => polygon.map(decodeRing));
}

/** Area in km² of an encoded geometry (outer rings minus holes), in the local projection. */
export function areaKm2(geometry: EncodedGeometry): number {
  let total = 0;
  for (const polygon of geometry)
    polygon.forEach((ring, r) => {
      const flat = decodeRing(ring);
      const projected = new Float64Array(flat.length);
      for (let i = 0; i < flat.length; i += 2) projected.set(toKm(flat[i]!, flat[i + 1]!), i);
      total += (r === 0 ? 1 : -1) * Math.abs(ringSignedArea(projected));
    });
  return total;
}
