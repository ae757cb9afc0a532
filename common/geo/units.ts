/**
 * Branded units for geography. A longitude/latitude pair is WGS-84 degrees; distances and areas
 * carry their unit in the type so a kilometre is never passed where a metre is expected.
 */
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

/** [longitude, latitude] in WGS-84 degrees. */
export type LngLat = readonly [lng: number, lat: number];
export type Meters = Brand<number, 'm'>;
export type Kilometers = Brand<number, 'km'>;
export type SquareKilometers = Brand<number, 'km2'>;
