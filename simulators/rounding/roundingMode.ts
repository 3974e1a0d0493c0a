/**
 * Rounding modes of lowbit's simulators.
 *
 * | id    | rule                                                        |
 * |-------|-------------------------------------------------------------|
 * | `rne` | nearest, ties to even (IEEE 754 roundTiesToEven)             |
 * | `rna` | nearest, ties away from zero (IEEE 754 roundTiesToAway)      |
 * | `rhu` | nearest, ties toward +∞ (fixed-point "round half up")         |
 * | `rtz` | toward zero (truncation)                                     |
 * | `raz` | away from zero                                               |
 * | `rup` | toward +∞                                                    |
 * | `rdn` | toward −∞                                                    |
 * | `rto` | round to odd: truncate, then set the last bit if inexact     |
 * | `sr`  | stochastic: the upper neighbour with probability equal to the distance from the lower one, in ulps |
 * | `log` | nearest in the log2 domain (power-of-two formats only: BinaryNet's AP2) |
 *
 * References: IEEE 754-2019 §4.3; round-to-odd: Boldo & Melquiond, "Emulation of FMA and correctly rounded
 * sums: proved algorithms using rounding to odd", IEEE TC 2008; stochastic rounding: Gupta et al. 2015.
 * @example isRoundingMode('rne') // true
 */
export type RoundingMode = 'rne' | 'rna' | 'rhu' | 'rtz' | 'raz' | 'rup' | 'rdn' | 'rto' | 'sr' | 'log';

/**
 * Every rounding mode id, in documentation order.
 * @example
 * for (const rounding of ROUNDING_MODES.filter((m) => m !== 'sr' && m !== 'log')) console.log(rounding, quantize(parseFormat('float16'), 0.1, { rounding }));
 */
export const ROUNDING_MODES: readonly RoundingMode[] = ['rne', 'rna', 'rhu', 'rtz', 'raz', 'rup', 'rdn', 'rto', 'sr', 'log'];

/** The deterministic modes that every float and fixed format accepts (all but `sr` and `log`). */
export const DETERMINISTIC_MODES: readonly RoundingMode[] = ['rne', 'rna', 'rhu', 'rtz', 'raz', 'rup', 'rdn', 'rto'];

/** Type guard for a rounding-mode id. */
export function isRoundingMode(x: unknown): x is RoundingMode {
  return typeof x === 'string' && (ROUNDING_MODES as readonly string[]).includes(x);
}

/**
 * Checks a rounding-mode argument at a public boundary.
 * @throws RangeError naming the function, the value given and the allowed ids.
 */
export function checkRoundingMode(fn: string, arg: string, x: unknown): RoundingMode {
  if (!isRoundingMode(x)) {
    throw new RangeError(`${fn}: ${arg} must be one of ${ROUNDING_MODES.join(', ')}; got ${JSON.stringify(x)}`);
  }
  return x;
}
