import * as tf from '@tensorflow/tfjs';
import type { PolicySpec } from '../policy/policySpec.js';
import { validatePolicy } from '../policy/compilePolicy.js';
import { registerLayers } from '../layers/registerLayers.js';
import { fileSystemHandler, type FileSystemHandlerOptions } from './fileSystemHandler.js';

/**
 * What lowbit stores in model.json's `userDefinedMetadata.lowbit`.
 * @example
 * const { model, policy } = await loadModel('runs/x/model'); // policy: from userDefinedMetadata.lowbit
 */
export interface LowbitModelMetadata {
  /** The precision policy the model was trained with (each layer's resolved roles and DFXP states are in its config). */
  policy: PolicySpec;
  /** Anything else to keep with the model (e.g. the training config). */
  extra?: Record<string, unknown>;
}

/**
 * Saves a model, its weights and its lowbit policy to a folder (model.json + weights.bin) with `node:fs`.
 * Each lowbit layer's config carries its roles and DFXP states, so a loaded model predicts exactly as this one.
 * With `options.root` (the run folder), no folder between it and the files may be a symlink.
 * @example await saveModel(model, 'runs/mnist/model', { policy }, { root: 'runs/mnist' })
 */
export async function saveModel(model: tf.LayersModel, dir: string, meta: LowbitModelMetadata, options: FileSystemHandlerOptions = {}): Promise<void> {
  const policy = validatePolicy(meta.policy, 'saveModel: meta.policy');
  const previous = model.getUserDefinedMetadata();
  model.setUserDefinedMetadata({ ...(previous ?? {}), lowbit: { policy, ...(meta.extra ? { extra: meta.extra } : {}) } });
  try {
    await model.save(fileSystemHandler(dir, options));
  } finally {
    if (previous) model.setUserDefinedMetadata(previous);
  }
}

/**
 * Loads a model saved by `saveModel` (registers lowbit's layer classes first) and returns it with its policy.
 * @throws RangeError when the folder has no model.json or no lowbit metadata, or tfjs cannot rebuild the model
 *   from it (bad topology, weights that do not match); UnsafePathError (a RangeError) when
 *   a weightsManifest path leaves the folder.
 * @example const { model, policy } = await loadModel('runs/mnist/model')
 */
export async function loadModel(dir: string): Promise<{ model: tf.LayersModel; policy: PolicySpec; extra?: Record<string, unknown> }> {
  registerLayers();
  let model: tf.LayersModel;
  try {
    model = await tf.loadLayersModel(fileSystemHandler(dir));
  } catch (e) {
    // a model.json that tfjs cannot rebuild (bad topology, weights that do not match) is bad input, not a bug
    if (e instanceof RangeError) throw e;
    const msg = (e as Error).message.split('\n')[0]!;
    throw new RangeError(`loadModel: ${JSON.stringify(dir)} holds a model tfjs cannot load: ${msg.length > 200 ? `${msg.slice(0, 200)}…` : msg}`);
  }
  const meta = (model.getUserDefinedMetadata() as { lowbit?: LowbitModelMetadata } | undefined)?.lowbit;
  if (!meta) throw new RangeError(`loadModel: ${JSON.stringify(dir)} holds a TF.js model without lowbit metadata (userDefinedMetadata.lowbit)`);
  return { model, policy: validatePolicy(meta.policy, 'loadModel: policy'), ...(meta.extra ? { extra: meta.extra } : {}) };
}
