import * as tf from '@tensorflow/tfjs';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadModel } from '../io/saveLoad.js';
import { registerLayers } from '../layers/registerLayers.js';

/**
 * A trained run as `lowbit train` leaves it: DIR/run.json and DIR/model/.
 * @example
 * const { model, dataset, backend }: LoadedRun = await loadRun('runs/bnn');
 */
export interface LoadedRun {
  model: tf.LayersModel;
  /** The dataset spec of the run's config, when run.json has one. */
  dataset?: unknown;
  /** The backend the run trained on, when recorded. */
  backend?: string;
}

/**
 * Loads the model of a run folder (registering lowbit's method layers first) with its dataset spec and backend.
 * @throws RangeError when DIR/model/model.json is missing or DIR/run.json is not JSON.
 * @example const { model, dataset } = await loadRun('runs/binarynet-mlp')
 */
export async function loadRun(dir: string): Promise<LoadedRun> {
  if (!existsSync(join(dir, 'model', 'model.json'))) throw new RangeError(`--run: ${JSON.stringify(dir)} has no model/model.json (train it with 'lowbit train --out ${dir}')`);
  registerLayers();
  const { model } = await loadModel(join(dir, 'model'));
  let dataset: unknown;
  let backend: string | undefined;
  const runJson = join(dir, 'run.json');
  if (existsSync(runJson)) {
    let r: { config?: { dataset?: unknown }; backend?: string };
    try {
      r = JSON.parse(readFileSync(runJson, 'utf8')) as typeof r;
    } catch (e) {
      throw new RangeError(`--run: ${runJson} is not valid JSON: ${(e as Error).message}`);
    }
    dataset = r.config?.dataset;
    backend = r.backend;
  }
  return { model, ...(dataset === undefined ? {} : { dataset }), ...(backend === undefined ? {} : { backend }) };
}
