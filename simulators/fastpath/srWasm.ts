import type { FixedSpec, FloatSpec, FormatSpec } from '../formats/formatSpec.js';
import { roundFloat } from '../formats/minifloat.js';
import { fixedCodeRange } from '../formats/fixedPoint.js';
import { pow2 } from '../_internal/bits.js';
import { instantiateBase64 } from '../_internal/wasmModule.js';
import type { CounterRng } from '../random/counterRng.js';
import { floatRounder } from './floatRounder.js';
import { fitsFloat32Bits } from './float32Bits.js';
import { SR_KERNELS_BASE64 } from './wasm/srKernelsBytes.js';

interface Exports {
  memory: WebAssembly.Memory;
  philox(dst: number, blocks: number, ctr: number, ctrHi: number, k0: number, k1: number): void;
  floatSr(base: number, n: number, rbase: number, m: number, qSub: number, emin: number, maxF: number, negZ: number, ovfP: number, ovfN: number, infP: number, infN: number): void;
  fixedSr(base: number, n: number, rbase: number, scale: number, inv: number, lo: number, hi: number): void;
}

/** Elements per call; values at VALUES and random words at WORDS, both off 4 KiB boundaries (see roundKernels.ts). */
const CAP = 65536;
const VALUES = 64;
const WORDS = 4 * CAP + 128; // + 4·CAP + 128 bytes of words (blocks in pairs): below the 9 pages

let instance: Exports | null | undefined;
let enabled = true;

function kernels(): Exports | null {
  if (!enabled) return null;
  if (instance === undefined) instance = instantiateBase64<Exports>(SR_KERNELS_BASE64);
  return instance;
}

/** Turns the stochastic-rounding kernels on or off (default on); returns the previous setting (tests, benches). */
export function setWasmSr(on: boolean): boolean {
  const was = enabled;
  enabled = on;
  return was;
}

type Kernel = (K: Exports, n: number) => void;

function kernelFor(spec: FormatSpec): Kernel | undefined {
  if (spec.kind === 'float') {
    if (spec.subnormals === 'ftz' || !fitsFloat32Bits(spec)) return undefined;
    const R = floatRounder(spec as FloatSpec, 'sr');
    const infP = roundFloat(spec, Infinity, 'sr', 0).value;
    const infN = roundFloat(spec, -Infinity, 'sr', 0).value;
    return (K, n) => K.floatSr(VALUES, n, WORDS, spec.m, R.qSub, R.emin, R.maxFinite, R.hasNegZero ? 1 : 0, R.ovfPos, R.ovfNeg, infP, infN);
  }
  if (spec.kind === 'fixed') {
    const s = spec as FixedSpec;
    if (s.overflow !== 'saturate' || s.w > 24 || s.f < -100 || s.f > 100) return undefined;
    const [lo, hi] = fixedCodeRange(s);
    return (K, n) => K.fixedSr(VALUES, n, WORDS, pow2(s.f), pow2(-s.f), lo, hi);
  }
  return undefined;
}

/**
 * Stochastic rounding of float32 values into a float format that fits float32 (not ftz) or a saturating fixed
 * format of at most 24 bits, with the draws of `g` taken in batches (Philox in WebAssembly SIMD): the same values
 * as the one-at-a-time loop with `g.uniform()` per element, in order. The first draws up to a block boundary of
 * the generator are done one at a time by `scalar(i, u)`. False, having done nothing, when the kernels do not
 * serve the format or WebAssembly SIMD is missing.
 */
export function quantizeSrWasm(spec: FormatSpec, xs: Float32Array, out: Float32Array, g: CounterRng, scalar: (i: number, u: number) => void): boolean {
  const kernel = kernelFor(spec);
  const K = kernel && kernels();
  if (!kernel || !K) return false;
  const n = xs.length;
  let i = 0;
  for (; i < n && g.position % 16 !== 0; i++) scalar(i, g.uniform());
  let vals = new Float32Array(K.memory.buffer, VALUES, CAP);
  for (; i < n; ) {
    const len = Math.min(CAP, n - i);
    if (vals.buffer !== K.memory.buffer) vals = new Float32Array(K.memory.buffer, VALUES, CAP);
    const blocks = 2 * Math.ceil(len / 32); // the kernel makes blocks in pairs
    const b0 = g.position / 16;
    K.philox(WORDS, blocks, (4 * b0) >>> 0, Math.floor((4 * b0) / 2 ** 32) >>> 0, g.k0, g.k1);
    vals.set(xs.subarray(i, i + len));
    const len2 = (len + 1) & ~1;
    if (len2 > len) vals[len] = 0;
    kernel(K, len2);
    out.set(vals.subarray(0, len), i);
    g.position += len;
    i += len;
  }
  return true;
}
