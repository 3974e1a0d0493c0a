/**
 * Number of set bits of a 32-bit word, with the SWAR bit trick (Warren, "Hacker's Delight", 2nd ed., §5-1):
 * add adjacent bit pairs, then nibbles, then bytes, and sum the four bytes with one multiply.
 * `v` is read as an unsigned 32-bit integer (any JS number is truncated by the bitwise operators first).
 * @example popcount32(0xffffffff) // 32
 */
export function popcount32(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  v = (v + (v >>> 4)) & 0x0f0f0f0f;
  return Math.imul(v, 0x01010101) >>> 24;
}
