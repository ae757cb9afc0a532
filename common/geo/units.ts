/** [longitude, latitude] in WGS-84 degrees: the one coordinate order of the project (GeoJSON's). */
export type LngLat = readonly [lng: number, lat: number];
