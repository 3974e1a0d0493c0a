import { codeToHex, codeValue, isSignalingNaNCode } from './codes.js';
import type { ScalarSpec } from './testOp.js';

const LETTERS = ['v', 'z', 'o', 'u', 'x'] as const;
const NAMES: Record<(typeof LETTERS)[number], string> = { v: 'invalid', z: 'infinite', o: 'overflow', u: 'underflow', x: 'inexact' };

/** Shortest decimal that reads back as the same double, with `-0`, `nan`, `inf`, `-inf`. */
export function valueText(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return Object.is(x, -0) ? '-0' : String(x);
}

/** A code with its decoded value: `3C00 (1)`; a signalling NaN shows as `snan`. */
export function codeText(spec: ScalarSpec, code: bigint): string {
  const v = isSignalingNaNCode(spec, code) ? 'snan' : valueText(codeValue(spec, code));
  return `${codeToHex(spec, code)} (${v})`;
}

/** The flags as five letter positions in TestFloat's order, `.` where a flag is clear: `v....`, `..o.x`. */
export function flagLetters(flags: number): string {
  return LETTERS.map((l, i) => (flags & (0x10 >> i) ? l : '.')).join('');
}

/** The flags that differ, letter by letter: `o raised, not expected; x expected, not raised`. */
export function flagDiff(want: number, got: number): string {
  const out: string[] = [];
  LETTERS.forEach((l, i) => {
    const bit = 0x10 >> i;
    if (want & bit && !(got & bit)) out.push(`${l} (${NAMES[l]}) expected, not raised`);
    if (got & bit && !(want & bit)) out.push(`${l} (${NAMES[l]}) raised, not expected`);
  });
  return out.join('; ');
}
