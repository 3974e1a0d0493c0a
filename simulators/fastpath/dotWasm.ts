import type { FixedSpec, FloatSpec } from '../formats/formatSpec.js';
import type { RoundingMode } from '../rounding/roundingMode.js';
import { floatLayout } from '../formats/floatLayout.js';
import { floatRounder } from './floatRounder.js';
import { fixedCodeRange } from '../formats/fixedPoint.js';
import { pow2 } from '../_internal/bits.js';
import { instantiateBase64 } from '../_internal/wasmModule.js';
import { DOT_KERNELS_BASE64 } from './wasm/dotKernelsBytes.js';

interface Exports {
  memory: WebAssembly.Memory;
  setup(side: number, m: number, qSub: number, emin: number, maxF: number, negZ: number, ovfP: number, ovfN: number): void;
  matmul(M: number, K: number, Np: number, aOff: number, bOff: number, cOff: number, order: number, chunk: number): number;
  dot2(K: number, aOff: number, bOff: number, cOff: number, order: number, chunk: number): number;
  setupFixed(side: number, scale: number, lsb: number, lo: number, hi: number, wrap: number, M: number): void;
}

/** Summation order as the kernel's code (see dotKernels.wat). */
export type KernelOrder = 'sequential' | 'pairwise' | { blocked: number };

let instance: Exports | null | undefined;
let enabled = true;
/** Bytes of module memory one call may use (rows of A are taken in blocks to stay below it). */
const BUDGET = 64 << 20;

function kernels(): Exports | null {
  if (!enabled) return null;
  if (instance === undefined) instance = instantiateBase64<Exports>(DOT_KERNELS_BASE64);
  return instance;
}

/**
 * Turns the WebAssembly dot/matmul kernels on or off (default on); returns the previous setting. For tests and
 * benchmarks that compare them with the JS path; results are identical either way.
 */
export function setWasmDot(on: boolean): boolean {
  const was = enabled;
  enabled = on;
  return was;
}

/** Float formats the kernels serve: 2 ≤ p ≤ 24, not ftz, values within 2^±500 (fixed ones: `fixedServed`). */
export function dotServed(spec: FloatSpec | FixedSpec): spec is FloatSpec {
  if (spec.kind !== 'float' || spec.m < 1 || spec.m > 23 || spec.subnormals === 'ftz') return false;
  const L = floatLayout(spec);
  return L.emax <= 500 && L.emin - spec.m >= -500;
}

/** float64: every product of operands with at most 26 significant bits (`isNarrow`) is one of its values. */
function holdsEveryProduct(spec: FloatSpec | FixedSpec): boolean {
  return spec.kind === 'float' && spec.e === 11 && spec.m === 52 && spec.specials === 'ieee';
}

function setSide(K: Exports, side: number, spec: FloatSpec): void {
  const R = floatRounder(spec, 'rne');
  K.setup(side, spec.m, R.qSub, R.emin, R.maxFinite, R.hasNegZero ? 1 : 0, R.ovfPos, R.ovfNeg);
}

/** The largest magnitude of a format's values (float: the largest finite value; fixed: the larger code end). */
function maxValue(spec: FloatSpec | FixedSpec): number {
  if (spec.kind === 'float') return floatLayout(spec).maxFinite;
  const [lo, hi] = fixedCodeRange(spec);
  return Math.max(-lo, hi) * pow2(-spec.f);
}

const maxAbs = (xs: Float64Array): number => xs.reduce((m, x) => Math.max(m, Math.abs(x)), 0);

/**
 * Fixed-point sides the kernels serve (|f| ≤ 100), so that the 2^−26 move and the wrap are exact:
 * - product format: saturating, or wrapping with |a·b|·2^f < 2^52 (|a·b| ≤ max|A|·max|B|); w ≤ 52;
 * - accumulator: either w ≤ 25 and every scaled sum below 2^25 (|acc| + |product| at most the two formats'
 *   largest values), or a fixed product format whose sums with the accumulator are always exact doubles (their
 *   span over the finer quantum below 2^52: then no sum has an error term and nothing is moved), w ≤ 52.
 */
function fixedServed(prod: FloatSpec | FixedSpec, acc: FloatSpec | FixedSpec, exact: boolean, maxProd: number): boolean {
  const fOk = (s: FixedSpec): boolean => s.w <= 52 && s.f >= -100 && s.f <= 100;
  if (prod.kind === 'fixed' && (!fOk(prod) || (prod.overflow === 'wrap' && maxProd * pow2(prod.f) >= 2 ** 52))) return false;
  if (acc.kind !== 'fixed') return true;
  if (!fOk(acc)) return false;
  const pMax = exact ? maxProd : maxValue(prod);
  const span = maxValue(acc) + pMax;
  if (acc.w <= 25 && span * pow2(acc.f) < 2 ** 25) return true;
  return prod.kind === 'fixed' && span * pow2(Math.max(acc.f, prod.f)) < 2 ** 52;
}

/**
 * True when the kernels' handling of an infinite or NaN sum is already the exact path's, so that such a sum needs
 * no recomputation. The kernels give an infinite sum the overflow value and keep a NaN; the exact path gives an
 * infinite result ±inf in a format with infinities and NaN in one without. They agree when the overflow value is
 * ±inf in a format with infinities (IEEE overflow), or NaN in a format without (overflow=nan); a saturating
 * format (or overflow=nan beside infinities), or a fixed accumulator, is recomputed.
 */
function nonFiniteAsExact(acc: FloatSpec | FixedSpec): boolean {
  if (acc.kind !== 'float') return false;
  const R = floatRounder(acc, 'rne');
  if (floatLayout(acc).hasInf) return R.ovfPos === Infinity && R.ovfNeg === -Infinity;
  return Number.isNaN(R.ovfPos) && Number.isNaN(R.ovfNeg);
}

function setFixed(K: Exports, side: number, s: FixedSpec): void {
  const [lo, hi] = fixedCodeRange(s);
  K.setupFixed(side, pow2(s.f), pow2(-s.f), lo, hi, s.overflow === 'wrap' ? 1 : 0, 2 ** s.w);
}

function ensure(K: Exports, bytes: number): void {
  const have = K.memory.buffer.byteLength;
  if (bytes > have) K.memory.grow(Math.ceil((bytes - have) / 65536));
}

/**
 * C = A·B (row-major M×K by K×N) with products rounded into `prod` and sums into `acc` (round to nearest even)
 * in the given order (a float64 product format leaves the exact products unrounded), by the WebAssembly SIMD
 * kernels; undefined, having done nothing, when they do not serve
 * the formats or the mode, or when a sum met an infinity or NaN (the caller's exact path handles IEEE specials).
 * The operands must have exact float64 products (`isNarrow`).
 */
export function matmulWasm(
  prod: FloatSpec | FixedSpec,
  acc: FloatSpec | FixedSpec,
  mode: RoundingMode,
  order: KernelOrder,
  A: Float64Array,
  B: Float64Array,
  M: number,
  Kd: number,
  N: number,
): Float64Array | undefined {
  const exact = holdsEveryProduct(prod);
  const anyFixed = prod.kind === 'fixed' || acc.kind === 'fixed';
  if (mode !== 'rne' || !(exact || dotServed(prod) || prod.kind === 'fixed') || !(dotServed(acc) || acc.kind === 'fixed')) return undefined;
  if (anyFixed && !fixedServed(prod, acc, exact, maxAbs(A) * maxAbs(B))) return undefined;
  const K = kernels();
  if (!K) return undefined;
  // one or two columns (a dot product): one pair of lanes, not the 8 columns of the matmul kernel
  const Np = N <= 2 ? 2 : (N + 7) & ~7;
  const bBytes = Kd * Np * 8;
  const rowBytes = (Kd + Np) * 8;
  const rows = Math.max(1, Math.min(M, Math.floor((BUDGET - bBytes) / rowBytes)));
  ensure(K, bBytes + rows * rowBytes);
  K.setup(2, exact ? 1 : 0, 0, 0, 0, 0, 0, 0);
  if (!exact) {
    if (prod.kind === 'fixed') setFixed(K, 0, prod);
    else setSide(K, 0, prod);
  }
  if (acc.kind === 'fixed') setFixed(K, 1, acc);
  else setSide(K, 1, acc);
  const buf = K.memory.buffer;
  const specialsOk = nonFiniteAsExact(acc);
  const Bm = new Float64Array(buf, 0, Kd * Np);
  if (Np === N) Bm.set(B);
  else {
    Bm.fill(0);
    for (let k = 0; k < Kd; k++) for (let j = 0; j < N; j++) Bm[k * Np + j] = B[k * N + j]!;
  }
  const aOff = bBytes;
  const C = new Float64Array(M * N);
  // the 8-column sequential kernel has float rounding written out; with a fixed side, sequential runs as one block
  const orderCode = order === 'sequential' ? (anyFixed ? 2 : 0) : order === 'pairwise' ? 1 : 2;
  const chunk = typeof order === 'object' ? order.blocked : anyFixed ? Math.max(1, Kd) : 0;
  for (let i0 = 0; i0 < M; i0 += rows) {
    const m = Math.min(rows, M - i0);
    const Am = new Float64Array(buf, aOff, m * Kd);
    Am.set(A.subarray(i0 * Kd, (i0 + m) * Kd));
    const cOff = aOff + m * Kd * 8;
    if (Np === 2) {
      for (let i = 0; i < m; i++) if (K.dot2(Kd, aOff + i * Kd * 8, 0, cOff + i * 16, orderCode, Math.min(chunk, 0x7fffffff)) !== 0 && !specialsOk) return undefined;
    } else if (K.matmul(m, Kd, Np, aOff, 0, cOff, orderCode, Math.min(chunk, 0x7fffffff)) !== 0 && !specialsOk) return undefined;
    const Cm = new Float64Array(buf, cOff, m * Np);
    if (Np === N) C.set(Cm, i0 * N);
    else for (let i = 0; i < m; i++) C.set(Cm.subarray(i * Np, i * Np + N), (i0 + i) * N);
  }
  return C;
}
