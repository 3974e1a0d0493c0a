import * as tf from '@tensorflow/tfjs';

/**
 * The part of tfjs-backend-wasm's `BackendWasm` that lowbit's kernels use. Declared here so kernel code
 * depends on behaviour, not on the wasm package's class (whose `.d.ts` pulls in Emscripten types).
 *
 * Contract (read from tfjs-backend-wasm 4.22 `backend_wasm.ts`):
 * - `makeOutput` mallocs a fresh buffer with backend refCount 1; its bytes are NOT zeroed.
 * - `disposeData` decrements the refCount and frees at 0.
 * - `typedArrayFromHeap` is a view on the wasm heap. Any later allocation may grow the heap and detach
 *   every earlier view, so take views only after the last allocation of a kernel.
 */
export interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  disposeData(dataId: object, force?: boolean): boolean;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/** The arguments every kernelFunc receives, typed for the wasm backend and the kernel's input names `K`. */
export interface WasmKernelArgs<K extends string = string> {
  inputs: { [P in K]: tf.TensorInfo };
  backend: WasmBackendLike;
  attrs?: tf.NamedAttrMap;
}

/** Runs `fn` of a registered kernel config directly on TensorInfos (no engine bookkeeping, no tape). */
export function callKernel(
  config: tf.KernelConfig, backend: WasmBackendLike, inputs: tf.NamedTensorInfoMap, attrs: object,
): tf.TensorInfo {
  const out = config.kernelFunc({ inputs, backend: backend as unknown as tf.KernelBackend, attrs: attrs as tf.NamedAttrMap });
  if (Array.isArray(out)) throw new Error(`lowbit wasm kernel: ${config.kernelName} returned several outputs`);
  return out;
}

/** The kernel registered for `name` on wasm right now; throws if there is none. */
export function wasmKernel(name: string): tf.KernelConfig {
  const k = tf.getKernel(name, 'wasm');
  if (k === undefined) throw new Error(`lowbit wasm kernel: the wasm backend has no '${name}' kernel`);
  return k;
}

/** A new buffer holding `x` transposed by `perm`, made by the stock wasm Transpose kernel (caller disposes). */
export function transposeInfo(backend: WasmBackendLike, x: tf.TensorInfo, perm: number[]): tf.TensorInfo {
  return callKernel(wasmKernel('Transpose'), backend, { x }, { perm });
}

/** The same buffer seen with another shape of equal size (no copy, no refCount change: use only as a kernel input). */
export function reshapedView(x: tf.TensorInfo, shape: number[]): tf.TensorInfo {
  return { dataId: x.dataId, shape, dtype: x.dtype };
}

/** A zero-filled float32 output buffer of `shape`. */
export function zerosOutput(backend: WasmBackendLike, shape: number[]): tf.TensorInfo {
  const out = backend.makeOutput(shape, 'float32');
  backend.typedArrayFromHeap(out).fill(0);
  return out;
}

/** Frees each temporary buffer made inside a kernel. */
export function disposeInfos(backend: WasmBackendLike, ...infos: Array<tf.TensorInfo | undefined>): void {
  for (const info of infos) if (info !== undefined) backend.disposeData(info.dataId);
}

/** Float32 heap view of `info` (see the heap-growth caveat on {@link WasmBackendLike}). */
export function f32(backend: WasmBackendLike, info: tf.TensorInfo): Float32Array {
  const v = backend.typedArrayFromHeap(info);
  if (!(v instanceof Float32Array)) throw new TypeError(`lowbit wasm kernel: expected float32 data, got ${info.dtype}`);
  return v;
}
