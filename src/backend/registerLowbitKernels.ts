import * as tf from '@tensorflow/tfjs';
import { saveStockKernel, stockKernel } from './_internal/stockKernels.js';
import { batchMatMulKernel } from './kernels/batchMatMul.js';
import { conv2dBackpropFilterKernel } from './kernels/conv2dBackpropFilter.js';
import { conv2dBackpropInputKernel } from './kernels/conv2dBackpropInput.js';
import { depthwiseBackpropFilterKernel, depthwiseBackpropInputKernel } from './kernels/depthwiseBackprop.js';
import { maxPoolGradKernel } from './kernels/maxPoolGrad.js';
import { sumKernel } from './kernels/sum.js';
import { unsortedSegmentSumKernel } from './kernels/unsortedSegmentSum.js';

/**
 * Why a kernel is in the list: `missing` kernels are absent from stock tfjs-backend-wasm 4.22 (training
 * fails without them); `faster` ones replace a stock kernel whose slow path dominates training time.
 * `ifMissing` entries are installed only when the backend has no kernel of that name.
 */
export type LowbitKernelKind = 'missing' | 'faster';

interface LowbitKernelEntry {
  kernelName: string;
  kind: LowbitKernelKind;
  ifMissing?: boolean;
  kernelFunc: tf.KernelFunc;
}

const fn = (f: unknown): tf.KernelFunc => f as tf.KernelFunc;

/** The one explicit list of lowbit's wasm kernels (tfjs `register_all_kernels.ts` style). */
const LOWBIT_WASM_KERNELS: readonly LowbitKernelEntry[] = [
  { kernelName: tf.Conv2DBackpropFilter, kind: 'missing', kernelFunc: fn(conv2dBackpropFilterKernel) },
  { kernelName: tf.DepthwiseConv2dNativeBackpropFilter, kind: 'missing', kernelFunc: fn(depthwiseBackpropFilterKernel) },
  {
    kernelName: tf.DepthwiseConv2dNativeBackpropInput, kind: 'missing', ifMissing: true,
    kernelFunc: fn(depthwiseBackpropInputKernel),
  },
  { kernelName: tf.UnsortedSegmentSum, kind: 'missing', kernelFunc: fn(unsortedSegmentSumKernel) },
  { kernelName: tf.BatchMatMul, kind: 'faster', kernelFunc: fn(batchMatMulKernel) },
  { kernelName: tf.Conv2DBackpropInput, kind: 'faster', kernelFunc: fn(conv2dBackpropInputKernel) },
  { kernelName: tf.MaxPoolGrad, kind: 'faster', kernelFunc: fn(maxPoolGradKernel) },
  { kernelName: tf.Sum, kind: 'faster', kernelFunc: fn(sumKernel) },
];

/** Options of {@link registerLowbitKernels}. */
export interface RegisterLowbitKernelsOptions {
  /** Which kinds to install (default both). `['missing']` gives "stock wasm that can train", for benchmarks. */
  kinds?: readonly LowbitKernelKind[];
}

const isOurs = (name: string): boolean =>
  LOWBIT_WASM_KERNELS.some((e) => e.kernelName === name && tf.getKernel(name, 'wasm')?.kernelFunc === e.kernelFunc);

/**
 * Installs lowbit's wasm kernels with `tf.registerKernel` (backendName 'wasm'). Idempotent: a kernel that is
 * already lowbit's is left alone, and a replaced stock kernel is remembered once and used for the fast path
 * (non-transposed matmul, Conv2D) and by {@link unregisterLowbitKernels}. Returns the names now installed.
 *
 * Needs the wasm package imported (its kernels registered); it does not switch the active backend.
 * Numerics: each kernel matches tfjs-backend-cpu to float32 summation order (tests: relative error ≤ 1e-4).
 * @example await initBackend('wasm'); // calls this; direct use: registerLowbitKernels({ kinds: ['missing'] })
 */
export function registerLowbitKernels(options: RegisterLowbitKernelsOptions = {}): string[] {
  const kinds = options.kinds ?? ['missing', 'faster'];
  for (const k of kinds) {
    if (k !== 'missing' && k !== 'faster') {
      throw new RangeError(`registerLowbitKernels: kinds entries must be 'missing' or 'faster'; got ${JSON.stringify(k)}`);
    }
  }
  if (tf.getKernel(tf.Conv2D, 'wasm') === undefined) {
    throw new Error('registerLowbitKernels: no wasm kernels registered; import @tensorflow/tfjs-backend-wasm first');
  }
  unregisterLowbitKernels();
  const installed: string[] = [];
  for (const e of LOWBIT_WASM_KERNELS) {
    if (!kinds.includes(e.kind)) continue;
    const existing = tf.getKernel(e.kernelName, 'wasm');
    if (existing !== undefined && e.ifMissing) continue;
    if (existing !== undefined) {
      saveStockKernel(existing);
      tf.unregisterKernel(e.kernelName, 'wasm');
    }
    // Keep the stock setupFunc: if the wasm backend is re-initialised, the stock kernel we delegate to
    // must have its cwrap'ed function bound again.
    tf.registerKernel({ kernelName: e.kernelName, backendName: 'wasm', kernelFunc: e.kernelFunc, setupFunc: existing?.setupFunc });
    installed.push(e.kernelName);
  }
  return installed;
}

/** Removes lowbit's wasm kernels and puts the remembered stock ones back. Safe to call when none are installed. */
export function unregisterLowbitKernels(): void {
  for (const e of LOWBIT_WASM_KERNELS) {
    if (!isOurs(e.kernelName)) continue;
    tf.unregisterKernel(e.kernelName, 'wasm');
    const stock = stockKernel(e.kernelName);
    if (stock !== undefined) tf.registerKernel(stock);
  }
}

/** Names of lowbit kernels currently registered on wasm (empty when none). */
export function lowbitKernelsInstalled(): string[] {
  return LOWBIT_WASM_KERNELS.filter((e) => isOurs(e.kernelName)).map((e) => e.kernelName);
}
