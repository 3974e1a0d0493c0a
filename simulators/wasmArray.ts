import { allocWasmFloat32, MAX_WASM_FLOAT32 } from './fastpath/wasm/roundKernels.js';

/**
 * A Float32Array of `n` zeros that lives in WebAssembly memory, so that `quantizeArray` rounds it to nearest even
 * where it lies: `quantizeArray(spec, a, { out: a })` skips the copies into and out of the kernel's scratch memory
 * that an ordinary array needs (and `{ out: a }` with another input copies that input once). The values are the
 * same bits either way; only the time differs (`npm run bench quantize`, rows `in place`).
 *
 * Each array has a fixed-size memory of its own, so the view is never detached; it is freed by the garbage
 * collector like any array. Where WebAssembly SIMD is missing the result is an ordinary Float32Array.
 * The in-place path covers what the rne kernels cover: float formats whose values are float32 numbers (not ftz)
 * and saturating fixed point up to 25 bits, without flag counts; other formats and modes take their usual path.
 *
 * @param n - the number of elements: an integer from 0 to 1,073,741,808 (a 4 GiB memory)
 * @example
 * import { parseFormat, quantizeArray, wasmFloat32Array } from 'lowbit/simulators';
 * const a = wasmFloat32Array(3);
 * a.set([0.1, 1 / 3, 70000]);
 * quantizeArray(parseFormat('float16'), a, { out: a }); // a is [0.0999755859375, 0.333251953125, Infinity]
 */
export function wasmFloat32Array(n: number): Float32Array {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > MAX_WASM_FLOAT32) {
    throw new RangeError(`wasmFloat32Array: n must be an integer from 0 to ${MAX_WASM_FLOAT32}; got ${typeof n === 'number' ? n : typeof n}`);
  }
  let a: Float32Array | null;
  try {
    a = allocWasmFloat32(n);
  } catch (e) {
    throw new RangeError(`wasmFloat32Array: cannot allocate a WebAssembly memory for n = ${n} (${(4 * n / 2 ** 20).toFixed(1)} MiB): ${(e as Error).message}`);
  }
  return a ?? new Float32Array(n);
}
