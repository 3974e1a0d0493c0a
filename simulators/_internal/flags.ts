/**
 * IEEE 754 exception flags as a bit set: v invalid, z divide-by-zero, o overflow, u underflow (tininess after
 * rounding, and inexact), x inexact. Fixed point raises only o and x.
 * @example
 * (arith('sqrt', parseFormat('float16'), [-1]).flags & FLAG_V) !== 0 // true: invalid operation
 */
export const FLAG_V = 16;
/**
 * Divide-by-zero flag bit (z): a finite non-zero dividend over zero.
 * @example (arith('div', parseFormat('float16'), [1, 0]).flags & FLAG_Z) !== 0 // true
 */
export const FLAG_Z = 8;
/**
 * Overflow flag bit (o): the rounded result exceeds the largest finite value.
 * @example (quantizeWithFlags(parseFormat('float16'), 70000).flags & FLAG_O) !== 0 // true
 */
export const FLAG_O = 4;
/**
 * Underflow flag bit (u): a tiny (below 2^emin after rounding) and inexact result.
 * @example (quantizeWithFlags(parseFormat('float16'), 1e-9).flags & FLAG_U) !== 0 // true
 */
export const FLAG_U = 2;
/**
 * Inexact flag bit (x): the result differs from the exact value.
 * @example (quantizeWithFlags(parseFormat('float16'), 0.1).flags & FLAG_X) !== 0 // true
 */
export const FLAG_X = 1;

/**
 * Flags as the string of letters raised, in `vzoux` order ('' when none).
 * @example
 * flagsToString(FLAG_O | FLAG_X) // 'ox'
 */
export function flagsToString(flags: number): string {
  let s = '';
  if (flags & FLAG_V) s += 'v';
  if (flags & FLAG_Z) s += 'z';
  if (flags & FLAG_O) s += 'o';
  if (flags & FLAG_U) s += 'u';
  if (flags & FLAG_X) s += 'x';
  return s;
}
