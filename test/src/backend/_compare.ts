import * as tf from '@tensorflow/tfjs';
import { seededRng } from '../../../src/datasets/_internal/seededRng.js';

/** Seeded uniform values in [lo, hi): identical inputs for both backends. */
export function seeded(size: number, seed: number, lo = -1, hi = 1): Float32Array {
  const rng = seededRng(seed);
  return Float32Array.from({ length: size }, () => lo + (hi - lo) * rng.uniform());
}

/** A kernel invocation described by plain data, so it can be replayed on any backend. */
export interface KernelCase {
  kernel: string;
  inputs: Record<string, { shape: number[]; values: Float32Array | Int32Array; dtype?: 'float32' | 'int32' }>;
  attrs: Record<string, unknown>;
}

/** Runs `c` on `backend` and returns the output's values and shape (no tensor survives). */
export async function runOn(backend: string, c: KernelCase): Promise<{ values: Float32Array | Int32Array; shape: number[] }> {
  await tf.setBackend(backend);
  const ins = Object.fromEntries(Object.entries(c.inputs).map(([k, v]) =>
    [k, tf.tensor(v.values, v.shape, v.dtype ?? 'float32')]));
  try {
    const out = tf.engine().runKernel(c.kernel, ins, c.attrs as tf.NamedAttrMap) as tf.Tensor;
    const values = (await out.data()) as Float32Array | Int32Array;
    const shape = out.shape;
    out.dispose();
    return { values, shape };
  } finally {
    tf.dispose(Object.values(ins));
  }
}

/** max |a − b| ÷ max |a| (relative to the oracle's scale; 0 when both are all zero). */
export function relError(ref: ArrayLike<number>, got: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < ref.length; i++) {
    num = Math.max(num, Math.abs(ref[i]! - got[i]!));
    den = Math.max(den, Math.abs(ref[i]!));
  }
  return den === 0 ? num : num / den;
}

/** Runs `c` on cpu (the oracle) and on wasm; returns both and the relative error. */
export async function compareWithCpu(c: KernelCase): Promise<{ err: number; cpuShape: number[]; wasmShape: number[] }> {
  const ref = await runOn('cpu', c);
  const got = await runOn('wasm', c);
  if (ref.values.length !== got.values.length) throw new Error(`size ${ref.values.length} vs ${got.values.length}`);
  return { err: relError(ref.values, got.values), cpuShape: ref.shape, wasmShape: got.shape };
}

/** Tensors and backend buffers alive on wasm, to check a kernel leaks neither. */
export async function wasmCounts(): Promise<{ tensors: number; dataIds: number }> {
  await tf.setBackend('wasm');
  return { tensors: tf.memory().numTensors, dataIds: tf.engine().backend.numDataIds() };
}

/** The relative-error bound the brief sets for lowbit's kernels against tfjs-backend-cpu. */
export const MAX_REL_ERROR = 1e-4;
