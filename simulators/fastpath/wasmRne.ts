import type { FixedSpec, FloatSpec, FormatSpec } from '../formats/formatSpec.js';
import { roundFloat } from '../formats/minifloat.js';
import { fixedCodeRange } from '../formats/fixedPoint.js';
import { pow2 } from '../_internal/bits.js';
import { bitsOf } from './bitKernel.js';
import { floatRounder } from './floatRounder.js';
import { fitsFloat32Bits } from './float32Bits.js';
import { fixedRneWasm, floatRneWasm, type FixedRneParams, type FloatRneParams } from './wasm/roundKernels.js';

const floatParams = new WeakMap<FloatSpec, FloatRneParams | null>();

/** The WebAssembly kernel's constants for a float format, or null when the kernel does not apply. */
function floatRneParams(spec: FloatSpec): FloatRneParams | null {
  let P = floatParams.get(spec);
  if (P !== undefined) return P;
  P = null;
  if (spec.subnormals !== 'ftz' && fitsFloat32Bits(spec)) {
    const R = floatRounder(spec, 'rne');
    const s = 23 - R.m;
    const tExp = R.qSub + 23;
    const infP = bitsOf(roundFloat(spec, Infinity, 'rne', 0).value);
    const infN = bitsOf(roundFloat(spec, -Infinity, 'rne', 0).value);
    // the kernel gives an infinite input the overflow value (its bits exceed maxB): the two must agree
    if (tExp >= -126 && tExp <= 127 && infP === bitsOf(R.ovfPos) && infN === bitsOf(R.ovfNeg)) {
      P = {
        s,
        lsb: s > 0 ? 1 : 0,
        minN: bitsOf(R.minNormal),
        maxB: bitsOf(R.maxFinite),
        ovP: bitsOf(R.ovfPos),
        ovN: bitsOf(R.ovfNeg),
        infP,
        infN,
        negZero: R.hasNegZero ? 0x80000000 | 0 : 0,
        T: pow2(tExp),
      };
    }
  }
  floatParams.set(spec, P);
  return P;
}

/**
 * The WebAssembly kernel's constants for a fixed format, or null when it does not apply: saturating, at most 25
 * bits of code (so codes are float32 integers), 2^f, 2^−f and every value normal or zero float32 numbers.
 */
export function fixedRneParams(spec: FixedSpec): FixedRneParams | null {
  if (spec.overflow !== 'saturate' || spec.w > 25 || spec.f < -126 || spec.f > 126 || spec.w - spec.f > 127) return null;
  const [lo, hi] = fixedCodeRange(spec);
  return { scale: pow2(spec.f), inv: pow2(-spec.f), lo: Number(lo), hi: Number(hi) };
}

/**
 * Round to nearest even of float32 values into a float or fixed format by the WebAssembly SIMD kernels (no
 * flag counts); false, having done nothing, when they do not apply. Same bits as the JS kernels.
 */
export function quantizeRneWasm(spec: FormatSpec, xs: Float32Array, out: Float32Array): boolean {
  if (spec.kind === 'float') {
    const P = floatRneParams(spec);
    return P !== null && floatRneWasm(P, xs, out);
  }
  if (spec.kind === 'fixed') {
    const P = fixedRneParams(spec);
    return P !== null && fixedRneWasm(P, xs, out) !== null;
  }
  return false;
}

/**
 * Round to nearest even into a fixed format while counting the inputs with |x| ≥ t0 and |x| ≥ t1 (dynamic fixed
 * point's overflow tests, `DynamicFixedState.observe`) in the same pass; null, having done nothing, when the
 * kernel does not apply or a threshold is not a float32 number.
 */
export function quantizeFixedRneCounting(spec: FixedSpec, xs: Float32Array, out: Float32Array, t0: number, t1: number): { c0: number; c1: number } | null {
  if (Math.fround(t0) !== t0 || Math.fround(t1) !== t1) return null;
  const P = fixedRneParams(spec);
  return P === null ? null : fixedRneWasm(P, xs, out, t0, t1);
}
