import type { FormatSpec } from '../formatSpec.js';
import type { RoundingMode } from '../../rounding/roundingMode.js';
import { handlerFor } from '../../registry.js';
import { roundQuotient, roundScaledPow2 } from './exactValue.js';
import { floorLog2, pow2 } from '../../_internal/bits.js';

/**
 * Array versions of the two block roundings, v·2^−e and v/d, on doubles, for the values only: the same values as
 * `roundScaledPow2`/`roundQuotient` element by element (the tests compare them), but through the element format's
 * array kernel. Draws (under `sr`) are one per element, in order, as the element-wise path takes them.
 */

let scratchA = new Float64Array(64);
let scratchB = new Float64Array(64);
let scratchC = new Float64Array(64);

function scratch(n: number): [Float64Array, Float64Array, Float64Array] {
  if (scratchA.length < n) {
    const m = Math.max(n, 2 * scratchA.length);
    scratchA = new Float64Array(m);
    scratchB = new Float64Array(m);
    scratchC = new Float64Array(m);
  }
  return [scratchA.subarray(0, n), scratchB.subarray(0, n), scratchC.subarray(0, n)];
}

/** Rounds every src[i] into R with the family's array kernel (or its scalar rounding), values into dst. */
function roundAll(R: FormatSpec, src: Float64Array, dst: Float64Array, mode: RoundingMode, draw: () => number): void {
  const h = handlerFor(R);
  if (h.quantizeArray?.(R, src, dst, mode, draw, undefined)) return;
  for (let i = 0; i < src.length; i++) dst[i] = h.round(R, src[i]!, mode, mode === 'sr' ? draw() : 0).value;
}

/**
 * dst[i] = the value of src[i]·2^−e rounded into R (src finite). Exact scaling is checked first (it fails only
 * when a double underflows), so no draw is taken before the element-wise fallback.
 */
export function roundScaledArray(R: FormatSpec, src: Float64Array, dst: Float64Array, e: number, mode: RoundingMode, draw: () => number): void {
  const n = src.length;
  const [t] = scratch(n);
  const inv = pow2(-e);
  const X = pow2(e);
  let exact = true;
  for (let i = 0; i < n; i++) {
    const y = src[i]! * inv;
    t[i] = y;
    if (y * X !== src[i]! || (y === 0 && src[i] !== 0)) exact = false;
  }
  if (exact) return roundAll(R, t, dst, mode, draw);
  const h = handlerFor(R);
  for (let i = 0; i < n; i++) dst[i] = roundScaledPow2(h, R, src[i]!, e, mode, mode === 'sr' ? draw() : 0).value;
}

const F = new Float64Array(1);
const U = new Uint32Array(F.buffer);
const LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LO = LE ? 0 : 1;
const HI = LE ? 1 : 0;

/** The neighbour of a positive finite double one unit in the last place up (+1) or down (−1). */
function step(x: number, dir: 1 | -1): number {
  F[0] = x;
  const lo = U[LO]! + dir;
  if (lo === 0x100000000) {
    U[LO] = 0;
    U[HI] = U[HI]! + 1;
  } else if (lo === -1) {
    U[LO] = 0xffffffff;
    U[HI] = U[HI]! - 1;
  } else U[LO] = lo;
  return F[0]!;
}

/**
 * dst[i] = the value of the exact quotient src[i]/d rounded into R (src finite, d > 0 finite). A power-of-two d
 * scales exactly. Otherwise each double quotient r = RN(src/d) brackets the exact one between its two neighbours;
 * both neighbours are rounded by the array kernel and, where they agree, that is the value (rounding is
 * monotone); elsewhere (and under `sr`) the exact rational decides.
 */
export function roundQuotientArray(R: FormatSpec, src: Float64Array, dst: Float64Array, d: number, mode: RoundingMode, draw: () => number): void {
  const ed = floorLog2(d);
  if (d === pow2(ed)) return roundScaledArray(R, src, dst, ed, mode, draw);
  const h = handlerFor(R);
  const n = src.length;
  if (mode === 'sr') {
    for (let i = 0; i < n; i++) dst[i] = roundQuotient(h, R, src[i]!, d, mode, draw()).value;
    return;
  }
  const [lo, hi, rlo] = scratch(n);
  for (let i = 0; i < n; i++) {
    const v = src[i]!;
    if (v === 0) {
      lo[i] = v; // ±0 / d is exactly ±0: the kernel rounds it (ReLU zeros stay off the exact path)
      hi[i] = v;
      continue;
    }
    const a = Math.abs(v) / d;
    if (a === 0 || !(a >= 2 ** -1000 && a <= 2 ** 1000)) {
      lo[i] = NaN; // decided below, exactly
      hi[i] = NaN;
      continue;
    }
    const dn = step(a, -1);
    const up = step(a, 1);
    lo[i] = v < 0 ? -dn : dn;
    hi[i] = v < 0 ? -up : up;
  }
  roundAll(R, lo, rlo, mode, draw);
  roundAll(R, hi, dst, mode, draw);
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(lo[i]!) || !Object.is(rlo[i], dst[i])) dst[i] = roundQuotient(h, R, src[i]!, d, mode, 0).value;
  }
}

/**
 * The block boundaries of `n` values laid out as lines of `L` (contiguous, line after line), each line cut into
 * blocks of K from its start (the last of a line may be shorter): block b is [starts[b], starts[b + 1]).
 * @example blockStarts(10, 5, 2) // [0, 2, 4, 5, 7, 9, 10]
 */
export function blockStarts(n: number, L: number, K: number): Int32Array {
  const perLine = L === 0 ? 0 : Math.ceil(L / K);
  const lines = L === 0 ? 0 : n / L;
  const out = new Int32Array(lines * perLine + 1);
  let b = 0;
  for (let l = 0; l < lines; l++) for (let j = 0; j < perLine; j++) out[b++] = l * L + j * K;
  out[b] = n;
  return out;
}

/** The largest |x| of each block and whether it holds a NaN or ±inf (NaN then). */
export function blockAmax(src: Float64Array, starts: Int32Array): Float64Array {
  const nb = starts.length - 1;
  const amax = new Float64Array(nb);
  for (let b = 0; b < nb; b++) {
    let m = 0;
    for (let i = starts[b]!; i < starts[b + 1]!; i++) {
      const a = Math.abs(src[i]!);
      if (!(a <= Number.MAX_VALUE)) {
        m = NaN;
        break;
      }
      if (a > m) m = a;
    }
    amax[b] = m;
  }
  return amax;
}

/**
 * Every block at once: block b's elements are rounded as src[i]·2^−es[b] (es[b] NaN: a NaN block, whose values
 * are NaN), with one array-kernel call for all, so that `sr` draws stay one per element in order (NaN blocks draw
 * too, as the element-wise path does). Blocks whose scaling would underflow a double are redone exactly (under
 * `sr`, everything goes block by block instead).
 */
export function roundBlocksPow2(R: FormatSpec, src: Float64Array, dst: Float64Array, starts: Int32Array, es: Float64Array, mode: RoundingMode, draw: () => number): void {
  const n = src.length;
  const nb = starts.length - 1;
  const [t] = scratch(n);
  let bad = false;
  for (let b = 0; b < nb; b++) {
    const e = es[b]!;
    const lo = starts[b]!;
    const hi = starts[b + 1]!;
    if (Number.isNaN(e)) {
      t.fill(NaN, lo, hi);
      continue;
    }
    const inv = pow2(-e);
    const X = pow2(e);
    for (let i = lo; i < hi; i++) {
      const y = src[i]! * inv;
      t[i] = y;
      if (y * X !== src[i]! || (y === 0 && src[i] !== 0)) bad = true;
    }
  }
  if (bad && mode === 'sr') {
    for (let b = 0; b < nb; b++) {
      const lo = starts[b]!;
      const hi = starts[b + 1]!;
      if (Number.isNaN(es[b]!)) {
        for (let i = lo; i < hi; i++) draw(), (dst[i] = NaN);
      } else roundScaledArray(R, src.subarray(lo, hi), dst.subarray(lo, hi), es[b]!, mode, draw);
    }
    return;
  }
  roundAll(R, t, dst, mode, draw);
  if (!bad) return;
  const h = handlerFor(R);
  for (let b = 0; b < nb; b++) {
    const e = es[b]!;
    if (Number.isNaN(e)) continue;
    for (let i = starts[b]!; i < starts[b + 1]!; i++) dst[i] = roundScaledPow2(h, R, src[i]!, e, mode, 0).value;
  }
}

/**
 * Every block at once, block b divided by ds[b] (> 0; NaN: a NaN block), as `roundQuotientArray` decides it: two
 * array-kernel calls for all, exact rationals where undecided, and element by element under `sr`.
 */
export function roundBlocksQuotient(R: FormatSpec, src: Float64Array, dst: Float64Array, starts: Int32Array, ds: Float64Array, mode: RoundingMode, draw: () => number): void {
  const n = src.length;
  const nb = starts.length - 1;
  const h = handlerFor(R);
  if (mode === 'sr') {
    for (let b = 0; b < nb; b++) {
      const d = ds[b]!;
      for (let i = starts[b]!; i < starts[b + 1]!; i++) {
        const u = draw();
        dst[i] = Number.isNaN(d) ? NaN : roundQuotient(h, R, src[i]!, d, mode, u).value;
      }
    }
    return;
  }
  const [lo, hi, rlo] = scratch(n);
  for (let b = 0; b < nb; b++) {
    const d = ds[b]!;
    for (let i = starts[b]!; i < starts[b + 1]!; i++) {
      const v = src[i]!;
      if (v === 0 && !Number.isNaN(d)) {
        lo[i] = v; // ±0 / d is exactly ±0: the kernel rounds it (ReLU zeros stay off the exact path)
        hi[i] = v;
        continue;
      }
      const a = Math.abs(v) / d;
      if (Number.isNaN(d) || a === 0 || !(a >= 2 ** -1000 && a <= 2 ** 1000)) {
        lo[i] = NaN;
        hi[i] = NaN;
        continue;
      }
      const dn = step(a, -1);
      const up = step(a, 1);
      lo[i] = v < 0 ? -dn : dn;
      hi[i] = v < 0 ? -up : up;
    }
  }
  roundAll(R, lo, rlo, mode, draw);
  roundAll(R, hi, dst, mode, draw);
  for (let b = 0; b < nb; b++) {
    const d = ds[b]!;
    for (let i = starts[b]!; i < starts[b + 1]!; i++) {
      if (Number.isNaN(d)) dst[i] = NaN;
      else if (Number.isNaN(lo[i]!) || !Object.is(rlo[i], dst[i])) dst[i] = roundQuotient(h, R, src[i]!, d, mode, 0).value;
    }
  }
}
