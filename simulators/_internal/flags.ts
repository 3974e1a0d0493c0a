/**
 * IEEE 754 exception flags as a bit set: v invalid, z divide-by-zero, o overflow, u underflow (tininess after
 * rounding, and inexact), x inexact. Fixed point raises only o and x.
 */
export const FLAG_V = 16;
export const FLAG_Z = 8;
export const FLAG_O = 4;
export const FLAG_U = 2;
export const FLAG_X = 1;

/** Flags as the string of letters raised, in `vzoux` order ('' when none). */
export function flagsToString(flags: number): string {
  let s = '';
  if (flags & FLAG_V) s += 'v';
  if (flags & FLAG_Z) s += 'z';
  if (flags & FLAG_O) s += 'o';
  if (flags & FLAG_U) s += 'u';
  if (flags & FLAG_X) s += 'x';
  return s;
}
