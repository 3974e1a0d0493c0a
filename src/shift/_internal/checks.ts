/** Argument checks and shape helpers shared by the shift layers. */

/** A number or pair as a pair. */
export const pair = (v: number | readonly number[]): [number, number] =>
  (typeof v === 'number' ? [v, v] : [v[0]!, v[1]!]);

/**
 * Throws a RangeError naming the layer and the field unless every value is an integer ≥ 1 (`seed`: ≥ 0).
 * Pairs are checked element by element.
 */
export function checkLayerInts(layer: string, fields: Record<string, number | readonly number[] | undefined>): void {
  for (const [key, v] of Object.entries(fields)) {
    const min = key === 'seed' ? 0 : 1;
    const values = typeof v === 'number' ? [v] : v === undefined ? [NaN] : [...v];
    if (!values.every((x) => Number.isInteger(x) && x >= min)) {
      throw new RangeError(`${layer}: ${key} must be ${typeof v === 'object' ? 'integers' : 'an integer'} ≥ ${min}; got ${JSON.stringify(v)}`);
    }
  }
}
