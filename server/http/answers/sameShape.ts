/**
 * Compile-time proof that an answer's schema and the domain type it describes are the same
 * shape, both ways: `sameShape<z.output<typeof CityEventAnswer>, CityEvent>(true)` stops compiling
 * as soon as either gains, loses or changes a field.
 */
export type SameShape<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

export const sameShape = <A, B>(_proof: SameShape<A, B>): void => undefined;
