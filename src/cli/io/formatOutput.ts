import type { FormatSpec } from '../../../simulators/formats/formatSpec.js';
import { handlerFor } from '../../../simulators/registry.js';
import { resultCode } from '../../../simulators/codec.js';
import { f64ToHex } from '../../../simulators/_internal/bits.js';
import { flagsToString } from '../../../simulators/_internal/flags.js';

/** The CLI's output forms of a result. */
export type OutputKind = 'value' | 'f64' | 'code';
export const OUTPUT_KINDS: readonly OutputKind[] = ['value', 'f64', 'code'];

/** Shortest decimal that reads back as the same double, with `-0`, `nan`, `inf`, `-inf`. */
export function formatValue(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (Object.is(x, -0)) return '-0';
  return String(x);
}

/**
 * One output line: the value (shortest round-trip decimal), the float64 bits (`0x` + 16 hex digits) or the
 * format's own code (`0x` + ceil(bits/4) hex digits, two's complement for fixed point), then with `--flags` a
 * space and the flags in `vzoux` order, or `-`. A NaN result prints the format's canonical quiet NaN code
 * (`resultCode`), or `nan` in a format that has no NaN encoding.
 */
export function formatResult(spec: FormatSpec, r: { value: number; flags: number }, kind: OutputKind, withFlags: boolean): string {
  let s: string;
  if (kind === 'value') s = formatValue(r.value);
  else if (kind === 'f64') s = Number.isNaN(r.value) ? '0x7ff8000000000000' : '0x' + f64ToHex(r.value); // canonical quiet NaN
  else {
    const code = resultCode(spec, r.value);
    s = code === undefined ? 'nan' : '0x' + code.toString(16).padStart(Math.ceil(handlerFor(spec).bits(spec) / 4), '0');
  }
  if (withFlags) s += ' ' + (flagsToString(r.flags) || '-');
  return s;
}

