/**
 * The worked example of docs/testing-your-unit.md: a JS FP8 (OCP E4M3, saturating) adder on codes, written without
 * lowbit, with a deliberate bug: ties round away from zero instead of to even.
 */
export function decodeE4m3(c: number): number {
  const sign = c & 0x80 ? -1 : 1;
  const e = (c >> 3) & 15;
  const m = c & 7;
  if (e === 15 && m === 7) return NaN;
  return sign * (e === 0 ? (m / 8) * 2 ** -6 : (1 + m / 8) * 2 ** (e - 7));
}

export function encodeE4m3(x: number, tiesToEven: boolean): number {
  if (Number.isNaN(x)) return 0x7f;
  const sign = x < 0 || Object.is(x, -0) ? 0x80 : 0;
  let a = Math.abs(x);
  if (a === 0) return sign;
  const q = 2 ** (Math.max(Math.floor(Math.log2(a)), -6) - 3); // spacing of the values around a
  let n = Math.floor(a / q);
  const r = a / q - n;
  if (r > 0.5 || (r === 0.5 && (!tiesToEven || n % 2 === 1))) n++; // the bug: ties away when !tiesToEven
  a = Math.min(n * q, 448); // saturate (OCP SAT)
  if (a < 2 ** -6) return sign | (a / 2 ** -9);
  const e = Math.floor(Math.log2(a));
  return sign | ((e + 7) << 3) | (a / 2 ** e * 8 - 8);
}

/** The adder under test (codes in, code out). */
export const wrongAdd = (a: number, b: number): number => encodeE4m3(decodeE4m3(a) + decodeE4m3(b), false);
/** The same adder with the tie rule fixed. */
export const rightAdd = (a: number, b: number): number => encodeE4m3(decodeE4m3(a) + decodeE4m3(b), true);
