import type { FixedSpec, FloatSpec } from '../formats/formatSpec.js';
import type { RoundingMode } from '../rounding/roundingMode.js';
import { floatLayout } from '../formats/floatLayout.js';
import { floatRounder } from './floatRounder.js';
import { instantiateBase64 } from '../_internal/wasmModule.js';
import { DOT_KERNELS_BASE64 } from './wasm/dotKernelsBytes.js';

interface Exports {
  memory: WebAssembly.Memory;
  setup(side: number, m: number, qSub: number, emin: number, maxF: number, negZ: number, ovfP: number, ovfN: number): void;
  matmul(M: number, K: number, Np: number, aOff: number, bOff: number, cOff: number, order: number, chunk: number): number;
  dot2(K: number, aOff: number, bOff: number, cOff: number, order: number, chunk: number): number;
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

/** Float formats the kernels serve: 2 ≤ p ≤ 24, not ftz, values within 2^±500. */
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
  if (mode !== 'rne' || !(exact || dotServed(prod)) || !dotServed(acc)) return undefined;
  const K = kernels();
  if (!K) return undefined;
  // one or two columns (a dot product): one pair of lanes, not the 8 columns of the matmul kernel
  const Np = N <= 2 ? 2 : (N + 7) & ~7;
  const bBytes = Kd * Np * 8;
  const rowBytes = (Kd + Np) * 8;
  const rows = Math.max(1, Math.min(M, Math.floor((BUDGET - bBytes) / rowBytes)));
  ensure(K, bBytes + rows * rowBytes);
  K.setup(2, exact ? 1 : 0, 0, 0, 0, 0, 0, 0);
  if (!exact) setSide(K, 0, prod as FloatSpec);
  setSide(K, 1, acc);
  const buf = K.memory.buffer;
  const Bm = new Float64Array(buf, 0, Kd * Np);
  if (Np === N) Bm.set(B);
  else {
    Bm.fill(0);
    for (let k = 0; k < Kd; k++) for (let j = 0; j < N; j++) Bm[k * Np + j] = B[k * N + j]!;
  }
  const aOff = bBytes;
  const C = new Float64Array(M * N);
  const orderCode = order === 'sequential' ? 0 : order === 'pairwise' ? 1 : 2;
  const chunk = typeof order === 'object' ? order.blocked : 0;
  for (let i0 = 0; i0 < M; i0 += rows) {
    const m = Math.min(rows, M - i0);
    const Am = new Float64Array(buf, aOff, m * Kd);
    Am.set(A.subarray(i0 * Kd, (i0 + m) * Kd));
    const cOff = aOff + m * Kd * 8;
    if (Np === 2) {
      for (let i = 0; i < m; i++) if (K.dot2(Kd, aOff + i * Kd * 8, 0, cOff + i * 16, orderCode, Math.min(chunk, 0x7fffffff)) !== 0) return undefined;
    } else if (K.matmul(m, Kd, Np, aOff, 0, cOff, orderCode, Math.min(chunk, 0x7fffffff)) !== 0) return undefined;
    const Cm = new Float64Array(buf, cOff, m * Np);
    if (Np === N) C.set(Cm, i0 * N);
    else for (let i = 0; i < m; i++) C.set(Cm.subarray(i * Np, i * Np + N), (i0 + i) * N);
  }
  return C;
}
