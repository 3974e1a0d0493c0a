import type { FixedSpec, FormatSpec } from '../formatSpec.js';
import type { ExactValue, QuantizedLine } from '../blockOps.js';
import type { RoundingMode } from '../../rounding/roundingMode.js';
import { handlerFor } from '../../registry.js';
import { absRatio, absValue, compareAbs, isNeg, isSpecial, maxAbs, roundQuotient } from './exactValue.js';
import { chooseScale, saturating, scaleCode } from './scaleFormat.js';
import { fixedCodeRange, fixedCodeToBits } from '../fixedPoint.js';
import { pow2 } from '../../_internal/bits.js';
import { roundBlocksQuotient } from './fastRound.js';
import { FLAG_O } from '../../_internal/flags.js';

/** The parts of a `ScaledSpec` the quantizer needs (see scaledFamily.ts for the grammar and the rules). */
export interface ScaledParts {
  readonly elem: FormatSpec;
  readonly scale: FormatSpec;
  readonly block: number | 'channel' | 'tensor';
  readonly zeroPoint: boolean;
  readonly amax: 'max' | { readonly percentile: number };
}

/** The clipping magnitude: max |x|, or the nearest-rank P-th percentile of |x| (the ⌈P·n/100⌉-th smallest). */
function clipMagnitude(block: readonly ExactValue[], amax: ScaledParts['amax']): ExactValue {
  if (amax === 'max') return maxAbs(block);
  const sorted = block.map(absValue).sort(compareAbs);
  const rank = Math.max(1, Math.ceil((amax.percentile / 100) * sorted.length));
  return sorted[rank - 1]!;
}

const signed = (v: ExactValue) => {
  const r = absRatio(v);
  return { num: isNeg(v) ? -r.num : r.num, den: r.den };
};
const cmpSigned = (a: ExactValue, b: ExactValue) => {
  const p = signed(a);
  const q = signed(b);
  const l = p.num * q.den;
  const r = q.num * p.den;
  return l < r ? -1 : l > r ? 1 : 0;
};

/** Quantizes one line of a scaled format (blocks of K, or the whole line for channel/tensor). */
export function quantizeScaledLine(P: ScaledParts, xs: readonly ExactValue[], mode: RoundingMode, draw: () => number): QuantizedLine {
  const K = typeof P.block === 'number' ? P.block : Math.max(1, xs.length);
  const E = saturating(P.elem);
  const hE = handlerFor(E);
  const elemMax = hE.facts(E, undefined as never).max;
  const out = { scaleCodes: [] as Array<bigint | undefined>, scales: [] as number[], zeroCodes: [] as bigint[], codes: [] as Array<bigint | undefined>, values: [] as number[], flags: [] as number[] };
  for (let lo = 0; lo < xs.length; lo += K) {
    const block = xs.slice(lo, lo + K);
    const u = mode === 'sr' ? block.map(() => draw()) : undefined;
    if (block.some(isSpecial)) {
      out.scaleCodes.push(scaleCode(P.scale, NaN));
      out.scales.push(NaN);
      if (P.zeroPoint) out.zeroCodes.push(0n);
      for (let i = 0; i < block.length; i++) out.codes.push(0n), out.values.push(NaN), out.flags.push(0);
      continue;
    }
    if (P.zeroPoint) {
      asymmetricBlock(P, E as FixedSpec, block, mode, u, out);
      continue;
    }
    const s = chooseScale(P.scale, clipMagnitude(block, P.amax), elemMax);
    out.scaleCodes.push(scaleCode(P.scale, s));
    out.scales.push(s);
    for (let i = 0; i < block.length; i++) {
      const r = roundQuotient(hE, E, block[i]!, s, mode, u ? u[i]! : 0);
      out.codes.push(hE.encode(E, r.value));
      out.values.push(s * r.value);
      out.flags.push(r.flags);
    }
  }
  return { blockSize: K, ...out, zeroCodes: P.zeroPoint ? out.zeroCodes : undefined };
}

const WIDE: FixedSpec = { kind: 'fixed', signed: true, w: 53, f: 0, overflow: 'saturate' };

/**
 * Asymmetric integer scaling (ONNX QuantizeLinear, TFLite uint8): with xmin = min(x, 0), xmax = max(x, 0) and the
 * code range [lo, hi], s = (xmax − xmin)/((hi − lo)·lsb) rounded up into the scale format, zero point
 * z = clamp(lo − RNE(xmin/(s·lsb)), lo, hi), code = clamp(round(x/(s·lsb)) + z, lo, hi), value = (code − z)·lsb·s.
 */
function asymmetricBlock(
  P: ScaledParts,
  E: FixedSpec,
  block: readonly ExactValue[],
  mode: RoundingMode,
  u: number[] | undefined,
  out: { scaleCodes: Array<bigint | undefined>; scales: number[]; zeroCodes: bigint[]; codes: Array<bigint | undefined>; values: number[]; flags: number[] },
): void {
  const [lo, hi] = fixedCodeRange(E);
  const lsb = pow2(-E.f);
  let xmin: ExactValue = 0;
  let xmax: ExactValue = 0;
  for (const v of block) {
    if (cmpSigned(v, xmin) < 0) xmin = v;
    if (cmpSigned(v, xmax) > 0) xmax = v;
  }
  const a = signed(xmax);
  const b = signed(xmin);
  const span = { num: a.num * b.den - b.num * a.den, den: a.den * b.den };
  const s = chooseScale(P.scale, span, (hi - lo) * lsb);
  const step = s * lsb; // exact: a power-of-two scaling of s
  const hW = handlerFor(WIDE);
  const t = roundQuotient(hW, WIDE, xmin, step, 'rne', 0).value;
  const z = Math.min(hi, Math.max(lo, lo - t));
  out.scaleCodes.push(scaleCode(P.scale, s));
  out.scales.push(s);
  out.zeroCodes.push(fixedCodeToBits(E, z));
  for (let i = 0; i < block.length; i++) {
    const r = roundQuotient(hW, WIDE, block[i]!, step, mode, u ? u[i]! : 0);
    let code = r.value + z;
    let flags = r.flags;
    if (code < lo || code > hi) {
      code = Math.min(hi, Math.max(lo, code));
      flags |= FLAG_O;
    }
    out.codes.push(fixedCodeToBits(E, code));
    out.values.push((code - z) * step || 0);
    out.flags.push(flags);
  }
}

/**
 * `quantizeScaledLine`'s values on doubles: symmetric max-scaled blocks through the element format's array kernel
 * (`roundQuotientArray`); zero-point and percentile blocks through the exact path, block by block.
 */
export function quantizeScaledDoubles(P: ScaledParts, xs: Float64Array, out: Float64Array, mode: RoundingMode, draw: () => number): void {
  const K = typeof P.block === 'number' ? P.block : Math.max(1, xs.length);
  if (P.zeroPoint || P.amax !== 'max') {
    out.set(quantizeScaledLine(P, Array.from(xs), mode, draw).values);
    return;
  }
  const E = saturating(P.elem);
  const elemMax = handlerFor(E).facts(E, undefined as never).max;
  const ds = new Float64Array(Math.ceil(xs.length / K));
  for (let b = 0, lo = 0; lo < xs.length; b++, lo += K) {
    let amax = 0;
    let nan = false;
    for (let i = lo; i < Math.min(xs.length, lo + K); i++) {
      const a = Math.abs(xs[i]!);
      if (!(a <= Number.MAX_VALUE)) nan = true;
      else if (a > amax) amax = a;
    }
    ds[b] = nan ? NaN : chooseScale(P.scale, amax, elemMax);
  }
  roundBlocksQuotient(E, xs, out, K, ds, mode, draw);
  for (let b = 0, lo = 0; lo < xs.length; b++, lo += K) {
    for (let i = lo; i < Math.min(xs.length, lo + K); i++) out[i] = ds[b]! * out[i]!;
  }
}
