import type * as tf from '@tensorflow/tfjs';

/**
 * The stock wasm kernel configs that lowbit replaced, kept so a replacement can delegate to the stock fast
 * path and so `unregisterLowbitKernels` can put them back. Filled only by `registerLowbitKernels`.
 */
const stock = new Map<string, tf.KernelConfig>();

/** Remembers the stock config of `name` (first one wins: re-registration never overwrites it with lowbit's). */
export function saveStockKernel(config: tf.KernelConfig): void {
  if (!stock.has(config.kernelName)) stock.set(config.kernelName, config);
}

/** The stock config lowbit replaced for `name`, or undefined when lowbit did not replace one. */
export function stockKernel(name: string): tf.KernelConfig | undefined {
  return stock.get(name);
}

/** The stock config for `name`; throws when lowbit's replacement was not installed through the registry. */
export function requireStockKernel(name: string): tf.KernelConfig {
  const k = stock.get(name);
  if (k === undefined) throw new Error(`lowbit wasm kernel: stock '${name}' unknown; call registerLowbitKernels()`);
  return k;
}
