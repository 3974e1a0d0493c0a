import type { FormatSpec } from '../../../simulators/formats/formatSpec.js';
import type { RoundingMode } from '../../../simulators/rounding/roundingMode.js';
import { handlerFor } from '../../../simulators/registry.js';
import { Rng } from '../../../simulators/random/rng.js';
import { quantizeArray, type QuantizeCounts } from '../../../simulators/quantize.js';
import { FLAG_O, FLAG_U, FLAG_X } from '../../../simulators/_internal/flags.js';

export const ALL_MODES: readonly RoundingMode[] = ['rne', 'rna', 'rhu', 'rtz', 'raz', 'rup', 'rdn', 'rto', 'sr'];

const zeroCounts = (): QuantizeCounts => ({ count: 0, overflow: 0, underflow: 0, inexact: 0 });

/** The scalar loop `quantizeArray` ran before the fast path: the oracle (one handler.round per element). */
export function scalarQuantize<T extends Float32Array | Float64Array>(spec: FormatSpec, xs: T, mode: RoundingMode, seed: number): { out: T; counts: QuantizeCounts } {
  const out = new (xs.constructor as new (n: number) => T)(xs.length);
  const h = handlerFor(spec);
  const rng = new Rng(seed);
  const counts = zeroCounts();
  for (let i = 0; i < xs.length; i++) {
    const r = h.round(spec, xs[i]!, mode, mode === 'sr' ? rng.uniform() : 0);
    out[i] = r.value;
    counts.count++;
    if (r.flags & FLAG_O) counts.overflow++;
    if (r.flags & FLAG_U) counts.underflow++;
    if (r.flags & FLAG_X) counts.inexact++;
  }
  return { out, counts };
}

/**
 * Runs the public `quantizeArray` (fast path) and the scalar oracle on the same input and mode, and returns a
 * description of the first difference (bits of input and both outputs), or '' when bit-for-bit equal with equal counts.
 */
export function compareWithScalar(spec: FormatSpec, xs: Float32Array | Float64Array, mode: RoundingMode, seed = 7): string {
  const ref = scalarQuantize(spec, xs, mode, seed);
  const counts = zeroCounts();
  const got = quantizeArray(spec, xs, { rounding: mode, seed, counts });
  const wide = xs instanceof Float64Array;
  const a = wide ? new BigUint64Array(got.buffer) : new Uint32Array(got.buffer);
  const b = wide ? new BigUint64Array(ref.out.buffer) : new Uint32Array(ref.out.buffer);
  const xb = wide ? new BigUint64Array(xs.buffer, xs.byteOffset, xs.length) : new Uint32Array(xs.buffer, xs.byteOffset, xs.length);
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      return `mode ${mode}: x=${xs[i]} (0x${xb[i]!.toString(16)}) fast ${got[i]} (0x${a[i]!.toString(16)}) scalar ${ref.out[i]} (0x${b[i]!.toString(16)})`;
    }
  }
  const c = ref.counts;
  if (counts.count !== c.count || counts.overflow !== c.overflow || counts.underflow !== c.underflow || counts.inexact !== c.inexact) {
    return `mode ${mode}: counts fast ${JSON.stringify(counts)} scalar ${JSON.stringify(c)}`;
  }
  return '';
}
