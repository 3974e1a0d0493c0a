import type { FormatSpec } from '../formats/formatSpec.js';
import type { RoundingMode } from '../rounding/roundingMode.js';
import { floatRounder, roundFloatFast, type FloatRounder } from './floatRounder.js';
import { fixedRounder, roundFixedFast, type FixedRounder } from './fixedRounder.js';
import { fitsFloat32Bits, quantizeFloat32Bits } from './float32Bits.js';
import { fitsFixed32Bits, quantizeFixed32Bits } from './fixed32Bits.js';
import { fitsFixedMagic, quantizeFixedMagic } from './fixedMagic32.js';
import { CHUNK, type FastCounts } from './fastCounts.js';
import { tallyFlags as tally } from './bitKernel.js';
import { quantizeRneWasm } from './wasmRne.js';
import { quantizeSrWasm } from './srWasm.js';
import { CounterRng } from '../random/counterRng.js';

const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

type Arr = Float32Array | Float64Array;

/**
 * The fast body of `quantizeArray` for float and fixed formats: the same values (bit for bit, −0 and NaN
 * included), flag counts and draws as the scalar loop (one draw per element, in order, only under `sr`), without
 * allocating per element. Dispatch:
 *
 * | input → output        | format                                  | kernel                         |
 * |-----------------------|-----------------------------------------|--------------------------------|
 * | Float32 → Float32     | rne without counts, `quantizeRneWasm`   | WebAssembly SIMD (`wasm/`)     |
 * | Float32 → Float32     | sr from a `CounterRng`, without counts  | `quantizeSrWasm` (batched draws) |
 * | Float32 → Float32     | float, `fitsFloat32Bits`                | `quantizeFloat32Bits` (bits)   |
 * | Float32 → Float32     | fixed, `fitsFixedMagic`, not sr/rto     | `quantizeFixedMagic` (doubles) |
 * | Float32 → Float32     | fixed, `fitsFixed32Bits`                | `quantizeFixed32Bits` (bits)   |
 * | anything else         | float / fixed                           | `roundFloatFast` / `roundFixedFast` per element |
 *
 * Returns false, having done nothing, for other format kinds (the caller then runs the scalar loop).
 * Counts (when given) are incremented.
 */
export function quantizeArrayFast(
  spec: FormatSpec,
  xs: Arr,
  out: Arr,
  mode: RoundingMode,
  draw: () => number,
  counts: { count: number; overflow: number; underflow: number; inexact: number } | undefined,
  gen?: unknown,
): boolean {
  if (mode === 'log') return false;
  const isSr = mode === 'sr';
  const c: FastCounts = { overflow: 0, underflow: 0, inexact: 0 };
  // the bit kernels defer a few elements to the end of their chunk, so they need out and xs to be the same
  // elements or disjoint; a shifted overlap keeps the strict element order of the double loops
  const bits = LITTLE && xs instanceof Float32Array && out instanceof Float32Array && !(xs.buffer === out.buffer && xs.byteOffset !== out.byteOffset);
  // without flag counts, round to nearest even runs in WebAssembly SIMD where the format allows (same bits)
  if (bits && !counts && mode === 'rne' && quantizeRneWasm(spec, xs as Float32Array, out as Float32Array)) return true;
  // stochastic rounding with a counter-based generator: the draws in batches, the same bits as one at a time
  if (bits && !counts && isSr && gen instanceof CounterRng && (spec.kind === 'float' || spec.kind === 'fixed')) {
    const one = spec.kind === 'float' ? floatRounder(spec, mode) : fixedRounder(spec, mode);
    const scalar = (i: number, u: number): void => {
      if (spec.kind === 'float') roundFloatFast(one as FloatRounder, xs[i]!, u);
      else roundFixedFast(one as FixedRounder, xs[i]!, u);
      out[i] = one.value;
    };
    if (quantizeSrWasm(spec, xs as Float32Array, out as Float32Array, gen, scalar)) return true;
  }
  if (spec.kind === 'float') {
    const R = floatRounder(spec, mode);
    if (bits && fitsFloat32Bits(spec)) {
      quantizeFloat32Bits(R, xs as Float32Array, out as Float32Array, draw, isSr, c);
    } else {
      floatLoop(R, xs, out, draw, isSr, c);
    }
  } else if (spec.kind === 'fixed') {
    const R = fixedRounder(spec, mode);
    if (bits && mode !== 'sr' && mode !== 'rto' && fitsFixedMagic(spec)) {
      quantizeFixedMagic(R, xs as Float32Array, out as Float32Array, c);
    } else if (bits && fitsFixed32Bits(spec)) {
      quantizeFixed32Bits(R, xs as Float32Array, out as Float32Array, draw, isSr, c);
    } else {
      fixedLoop(R, xs, out, draw, isSr, c);
    }
  } else {
    return false;
  }
  if (counts) {
    counts.count += xs.length;
    counts.overflow += c.overflow;
    counts.underflow += c.underflow;
    counts.inexact += c.inexact;
  }
  return true;
}

interface LoopParams<R> {
  R: R;
  draw: () => number;
  isSr: boolean;
  c: FastCounts;
}

function floatLoop(R: FloatRounder, xs: Arr, out: Arr, draw: () => number, isSr: boolean, c: FastCounts): void {
  const P: LoopParams<FloatRounder> = { R, draw, isSr, c };
  for (let lo = 0; lo < xs.length; lo += CHUNK) floatChunk(P, xs, out, lo, Math.min(xs.length, lo + CHUNK));
}

function floatChunk(P: LoopParams<FloatRounder>, xs: Arr, out: Arr, lo: number, hi: number): void {
  const { R, draw, isSr, c } = P;
  for (let i = lo; i < hi; i++) {
    roundFloatFast(R, xs[i]!, isSr ? draw() : 0);
    out[i] = R.value;
    if (R.flags !== 0) tally(c, R.flags);
  }
}

function fixedLoop(R: FixedRounder, xs: Arr, out: Arr, draw: () => number, isSr: boolean, c: FastCounts): void {
  const P: LoopParams<FixedRounder> = { R, draw, isSr, c };
  for (let lo = 0; lo < xs.length; lo += CHUNK) fixedChunk(P, xs, out, lo, Math.min(xs.length, lo + CHUNK));
}

function fixedChunk(P: LoopParams<FixedRounder>, xs: Arr, out: Arr, lo: number, hi: number): void {
  const { R, draw, isSr, c } = P;
  for (let i = lo; i < hi; i++) {
    roundFixedFast(R, xs[i]!, isSr ? draw() : 0);
    out[i] = R.value;
    if (R.flags !== 0) tally(c, R.flags);
  }
}
