import type { FixedSpec, FloatSpec } from '../../simulators/formats/formatSpec.js';
import { floatLayout } from '../../simulators/formats/floatLayout.js';
import { fixedCodeRange, fixedCodeToBits } from '../../simulators/formats/fixedPoint.js';
import { handlerFor } from '../../simulators/registry.js';
import type { ScalarSpec } from './testOp.js';
import { signalingNaNCode } from './codes.js';

/**
 * The special operands of a format, as codes, in a fixed order (TestFloat's idea of crossing a table of exponents
 * with a table of significand patterns, with lowbit's own tables).
 *
 * Floats: both signs × biased exponent fields {0, 1, 2, bias−1, bias, bias+1, top−2, top−1, top} × mantissa
 * patterns {0, 1, 2, 10…0, 10…01, 110…0, 01…1, 1…10, 1…1}. That holds ±0, the smallest and largest subnormals, the
 * smallest normal, 1 and its neighbours, 1.5 (whose products make exact ties), max and its neighbour, ±inf, quiet
 * and signalling NaNs, and the fn/fnuz NaN codes. `dense` (level 2) adds more exponents and significand runs.
 * Fixed point: 0, ±1 and ±2 codes, min, max and their neighbours, the codes of ±0.5, ±1, ±1.5, ±2, ±3 and their
 * neighbours, and codes near ±sqrt(max) and ±max/2 (products and sums that land near the overflow threshold).
 * Codes that are not values of the format (subnormal patterns when subnormals are off or flushed) are left out.
 * @example specialCodes(parseFormat('float16') as ScalarSpec).includes(0x7c00n) // true (+inf)
 */
export function specialCodes(spec: ScalarSpec, dense = false): bigint[] {
  const raw = spec.kind === 'float' ? floatSpecials(spec, dense) : fixedSpecials(spec, dense);
  const h = handlerFor(spec);
  const seen = new Set<bigint>();
  const out: bigint[] = [];
  for (const c of raw) {
    if (seen.has(c)) continue;
    seen.add(c);
    if (h.isValue(spec, h.decode(spec, c))) out.push(c);
  }
  return out;
}

function floatSpecials(spec: FloatSpec, dense: boolean): bigint[] {
  const top = 2 ** spec.e - 1;
  const bias = floatLayout(spec).bias;
  const fields = [0, 1, 2, bias - 1, bias, bias + 1, top - 2, top - 1, top];
  if (dense) fields.push(3, bias - 3, bias - 2, bias + 2, bias + 3, Math.floor(bias / 2), bias + Math.floor(bias / 2), top - 3);
  const m = spec.m;
  const M = (1n << BigInt(m)) - 1n;
  const hi = m > 0 ? 1n << BigInt(m - 1) : 0n;
  const pats = [0n, 1n, 2n, hi, hi | 1n, hi | (hi >> 1n), M >> 1n, M - 1n, M];
  if (dense) {
    for (const k of [2, 3, Math.floor(m / 2), m - 2]) {
      if (k <= 0 || k >= m) continue;
      pats.push(1n << BigInt(k), M ^ ((1n << BigInt(k)) - 1n), (1n << BigInt(k)) - 1n, M ^ (1n << BigInt(k)));
    }
  }
  const out: bigint[] = [];
  for (const sign of [0n, 1n]) {
    for (const f of fields) {
      if (f < 0 || f > top) continue;
      for (const p of pats) {
        if (p < 0n || p > M) continue;
        out.push((sign << BigInt(spec.e + m)) | (BigInt(f) << BigInt(m)) | p);
      }
    }
  }
  return out;
}

function fixedSpecials(spec: FixedSpec, dense: boolean): bigint[] {
  const [lo, hi] = fixedCodeRange(spec);
  const one = 2 ** spec.f; // the code of the value 1 (may be out of range or fractional)
  const base = [0, 1, 2, 3, hi, hi - 1, lo, lo + 1, Math.floor(hi / 2), Math.floor(Math.sqrt(hi)), Math.floor(Math.sqrt(hi)) + 1];
  for (const v of [0.5, 1, 1.5, 2, 3]) base.push(v * one - 1, v * one, v * one + 1);
  if (dense) for (let k = 0; k < spec.w; k++) base.push(2 ** k, 2 ** k - 1, 2 ** k + 1);
  const codes: number[] = [];
  for (const c of base) codes.push(c, -c);
  const out: bigint[] = [];
  for (const c of codes) {
    if (Number.isInteger(c) && c >= lo && c <= hi) out.push(fixedCodeToBits(spec, c || 0));
  }
  return out;
}

/**
 * The few operands every third operand of fma is drawn from when the first two sweep a table: ±0, ±1, the smallest
 * subnormal and normal, max, ±inf and the NaNs (fixed point: 0, ±lsb, ±1, min, max).
 */
export function coreCodes(spec: ScalarSpec): bigint[] {
  const h = handlerFor(spec);
  const xs: number[] = [0, -0, 1, -1, Infinity, -Infinity];
  const out: bigint[] = [];
  if (spec.kind === 'float') {
    const L = floatLayout(spec);
    xs.push(L.minSubnormal, -L.minSubnormal, L.minNormal, -L.minNormal, L.maxFinite, -L.maxFinite);
    if (L.nanCode !== undefined) out.push(L.nanCode);
    const sn = signalingNaNCode(spec);
    if (sn !== undefined) out.push(sn);
  } else {
    const [lo, hi] = fixedCodeRange(spec);
    const lsb = 2 ** -spec.f;
    xs.push(lsb, -lsb, lo * lsb, hi * lsb);
  }
  for (const x of xs) if (h.isValue(spec, x)) out.push(h.encode(spec, x));
  return [...new Set(out)];
}
