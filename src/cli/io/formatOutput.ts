import type { FormatSpec } from '../../../simulators/formats/formatSpec.js';
import { handlerFor } from '../../../simulators/registry.js';
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
 * space and the flags in `vzoux` order, or `-`. A NaN in a format that has no NaN encoding prints `nan` as code.
 */
export function formatResult(spec: FormatSpec, r: { value: number; flags: number }, kind: OutputKind, withFlags: boolean): string {
  let s: string;
  if (kind === 'value') s = formatValue(r.value);
  else if (kind === 'f64') s = '0x' + f64ToHex(r.value);
  else {
    const h = handlerFor(spec);
    if (Number.isNaN(r.value) && !canEncodeNaN(spec)) s = 'nan';
    else s = '0x' + h.encode(spec, r.value).toString(16).padStart(Math.ceil(h.bits(spec) / 4), '0');
  }
  if (withFlags) s += ' ' + (flagsToString(r.flags) || '-');
  return s;
}

function canEncodeNaN(spec: FormatSpec): boolean {
  try {
    handlerFor(spec).encode(spec, NaN);
    return true;
  } catch {
    return false;
  }
}
