import type { ServiceCatalogue } from '../../common/domain/serviceCatalogue.ts';
import type { GeoSummary } from '../../common/domain/geo.ts';
import type { CityGeography } from '../../common/geo/cityModel.ts';
import type { Roster } from '../../common/geo/roster.ts';

/** Counts per level and per district: computed once at start, the hierarchy does not change. */
export function computeGeoSummary(geo: CityGeography, roster: Roster, services: ServiceCatalogue): GeoSummary {
  const byDistrict = geo.districts.map((d) => ({
    code: d.code,
    name: d.name,
    shortName: d.shortName,
    streets: 0,
    communities: 0,
    grids: 0,
    exclusiveGrids: 0,
    areaKm2: Math.round(d.areaKm2 * 10) / 10,
  }));
  for (const s of geo.streets) byDistrict[s.district]!.streets++;
  for (const c of geo.communities) byDistrict[geo.streets[c.street]!.district]!.communities++;
  for (const g of geo.grids) {
    const row = byDistrict[geo.districtOfGrid(g.index)]!;
    if (g.kind === 'exclusive') row.exclusiveGrids++;
    else row.grids++;
  }
  const exclusiveGrids = geo.grids.filter((g) => g.kind === 'exclusive').length;
  return {
    city: geo.city,
    districts: geo.districts.length,
    administrativeDistricts: geo.districts.filter((d) => d.kind === 'administrative').length,
    functionalZones: geo.districts.filter((d) => d.kind === 'functional').length,
    streets: geo.streets.length,
    communities: geo.communities.length,
    grids: geo.grids.length - exclusiveGrids,
    microGrids: geo.microGrids.length,
    exclusiveGrids,
    workers: roster.size,
    workersByRole: roster.countByRole(),
    departments: services.departments.length,
    areaKm2: Math.round(byDistrict.reduce((sum, d) => sum + d.areaKm2, 0)),
    byDistrict,
  };
}
