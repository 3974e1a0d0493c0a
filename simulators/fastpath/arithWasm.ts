import type { FixedSpec, FloatSpec } from '../formats/formatSpec.js';
import type { ArithOp } from '../arith/arith.js';
import { floatLayout } from '../formats/floatLayout.js';
import { floatRounder } from './floatRounder.js';
import { pow2 } from '../_internal/bits.js';
import { instantiateBase64 } from '../_internal/wasmModule.js';
import { ARITH_KERNELS_BASE64 } from './wasm/arithKernelsBytes.js';

/** Elements per kernel call and the byte offsets of arithKernels.wat's memory regions. */
const CAP = 4096;
const OFF = { A: 0, B: 32768, C: 65536, OUT: 98304, FLAGS: 131072, IDX: 135168 };
const OP_CODE: Readonly<Record<ArithOp, number>> = { add: 0, sub: 1, mul: 2, div: 3, sqrt: 4, fma: 5 };

interface Exports {
  memory: WebAssembly.Memory;
  setup(m: number, qSub: number, emin: number, maxF: number, minN: number, invSub: number, subOn: number, negZ: number, ovfP: number, ovfN: number): void;
  arith(n: number, op: number, wantFlags: number): number;
}

let instance: Exports | null | undefined;
let enabled = true;
let current: FloatSpec | undefined;

function kernels(): Exports | null {
  if (!enabled) return null;
  if (instance === undefined) instance = instantiateBase64<Exports>(ARITH_KERNELS_BASE64);
  return instance;
}

/**
 * Turns the WebAssembly kernel of `arithArray` on or off (default on); returns the previous setting. For tests and
 * benchmarks that compare it with the JS path; results are identical either way.
 */
export function setWasmArith(on: boolean): boolean {
  const was = enabled;
  enabled = on;
  return was;
}

/** The formats the kernel serves: float, 2 ≤ p ≤ 24, not ftz, values within 2^±500. */
function served(spec: FloatSpec | FixedSpec): spec is FloatSpec {
  if (spec.kind !== 'float' || spec.m < 1 || spec.m > 23 || spec.subnormals === 'ftz') return false;
  const L = floatLayout(spec);
  return L.emax <= 500 && L.emin - spec.m >= -500;
}

function setup(K: Exports, spec: FloatSpec): void {
  if (current === spec) return;
  const R = floatRounder(spec, 'rne');
  K.setup(spec.m, R.qSub, R.emin, R.maxFinite, R.minNormal, pow2(-R.qSub), spec.subnormals === 'on' ? 1 : 0, R.hasNegZero ? 1 : 0, R.ovfPos, R.ovfNeg);
  current = spec;
}

/**
 * Round to nearest even of `op` over the operand arrays into `values` (and `flags`) by the WebAssembly SIMD
 * kernel, chunk by chunk in the module's memory; returns the indices the kernel could not decide (the caller
 * computes those exactly), or undefined, having done nothing, when the kernel does not serve the format or
 * WebAssembly SIMD is missing. The listed elements' operands are still unchanged when this returns only if
 * `values` is none of the operand arrays; `arithArray` therefore redoes them through `redo` before writing.
 */
export function arithWasm(
  op: ArithOp,
  spec: FloatSpec | FixedSpec,
  xs: ReadonlyArray<Float64Array | Float32Array>,
  values: Float64Array,
  flags: Uint8Array | undefined,
  redo: (i: number) => { value: number; flags: number },
): boolean {
  if (!served(spec)) return false;
  const K = kernels();
  if (!K) return false;
  setup(K, spec);
  const buf = K.memory.buffer;
  const ins = [OFF.A, OFF.B, OFF.C].map((o) => new Float64Array(buf, o, CAP));
  const out = new Float64Array(buf, OFF.OUT, CAP);
  const fl = new Uint8Array(buf, OFF.FLAGS, CAP);
  const idx = new Int32Array(buf, OFF.IDX, CAP);
  const n = xs[0]!.length;
  for (let lo = 0; lo < n; lo += CAP) {
    const len = Math.min(CAP, n - lo);
    for (let k = 0; k < xs.length; k++) {
      ins[k]!.set(xs[k]!.subarray(lo, lo + len));
      if (len & 1) ins[k]![len] = 1;
    }
    const nbad = K.arith(len + (len & 1), OP_CODE[op], flags ? 1 : 0);
    for (let j = 0; j < nbad; j++) {
      const i = idx[j]!;
      if (i >= len) continue;
      const r = redo(lo + i);
      out[i] = r.value;
      fl[i] = r.flags;
    }
    values.set(len === CAP ? out : out.subarray(0, len), lo);
    if (flags) flags.set(len === CAP ? fl : fl.subarray(0, len), lo);
  }
  return true;
}
