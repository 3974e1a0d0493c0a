import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { CliUsageError, asUsage } from '../cliError.js';
import { resolveInside } from '../../io/resolveInside.js';
import { loadDataset, type DatasetSpec } from '../../datasets/loadDataset.js';
import { DATASET_NAMES } from '../../datasets/dataset.js';
import { initBackend } from '../../backend/initBackend.js';
import { backendOption, recordedBackend } from '../backendOption.js';
import { toBytes } from '../../methods/byteInput.js';
import { readXnorModel } from '../../xnor/xnorModelCodec.js';
import { runXnor } from '../../xnor/runXnor.js';
import { loadRun } from '../../xnor/loadRun.js';

/** Options of `lowbit infer` as commander parses them. */
export type InferCommandOptions = { model: string; dataset: string; testSize?: string; seed?: string; compare?: boolean; run?: string };

/** An integer option in [lo, hi], or a usage error naming it. */
function intOption(name: string, text: string, lo: number, hi: number): number {
  const v = /^-?\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(v) || v < lo || v > hi) throw new CliUsageError(`${name} must be an integer in ${lo}..${hi}; got ${JSON.stringify(text)}`);
  return v;
}

/** The dataset spec: the exported run's own split when it names the same dataset, with CLI overrides. */
function datasetSpec(name: string, source: unknown, o: { testSize?: string; seed?: string }): DatasetSpec {
  if (!(DATASET_NAMES as readonly string[]).includes(name)) throw new CliUsageError(`--dataset must be one of ${DATASET_NAMES.join(', ')}; got ${JSON.stringify(name)}`);
  const base = typeof source === 'object' && source !== null && (source as { name?: unknown }).name === name ? { ...(source as DatasetSpec) } : { name: name as DatasetSpec['name'] };
  if (o.testSize !== undefined) base.testSize = intOption('--test-size', o.testSize, 1, 100_000);
  if (o.seed !== undefined) base.seed = intOption('--seed', o.seed, 0, 2 ** 32 - 1);
  return base;
}

/**
 * The run folder a model file names (`source.run`), for `--compare` without `--run`. The file is data from
 * elsewhere, so the path must be relative and resolve inside the model file's own folder (export-binary records
 * it relative to that folder); anything else asks for `--run DIR`, so a shared file cannot point lowbit at an
 * arbitrary folder.
 */
export function recordedRun(modelFile: string, run: unknown): string {
  if (run === undefined) throw new CliUsageError('--compare needs --run DIR (the model file names no run)');
  try {
    return resolveInside(dirname(modelFile), run, `--compare: ${modelFile} source.run`, { allowBase: true });
  } catch (e) {
    throw new CliUsageError(`${(e as Error).message}; pass --run DIR to compare with a run elsewhere`);
  }
}

/** The action of `lowbit infer` (see `commands/infer.ts`), loaded only when the command runs. */
export async function runInferCommand(o: InferCommandOptions): Promise<void> {
  backendOption(undefined, '');
  if (!existsSync(o.model) || !statSync(o.model).isFile()) throw new CliUsageError(`--model: file ${JSON.stringify(o.model)} does not exist`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(o.model, 'utf8'));
  } catch (e) {
    throw new CliUsageError(`--model: ${o.model} is not valid JSON: ${(e as Error).message}`);
  }
  const xm = asUsage('', () => readXnorModel(json));
  const dir = o.compare ? (o.run ?? recordedRun(o.model, xm.source?.run)) : undefined; // checked before any work
  const spec = datasetSpec(o.dataset, xm.source?.dataset, o);
  const ds = asUsage(`--dataset ${o.dataset} (with the split recorded in ${o.model})`, () => loadDataset(spec));
  const d = ds.test.x.length / ds.test.n;
  if (d !== xm.inputs) throw new CliUsageError(`--dataset ${o.dataset}: examples have ${d} features; the model takes ${xm.inputs}`);
  const bytes = toBytes(ds.test.x, xm.inputBits);
  const t0 = performance.now();
  const res = runXnor(xm, bytes, ds.test.n);
  const secs = (performance.now() - t0) / 1000;
  const wrong = res.predictions.reduce((s, p, i) => s + (p === ds.test.y[i] ? 0 : 1), 0);
  process.stdout.write(`xnor: test error ${((100 * wrong) / ds.test.n).toFixed(2)}% on ${ds.test.n} ${o.dataset} test images; ${secs.toFixed(3)} s (${(ds.test.n / secs).toFixed(0)} images/s)\n`);
  if (dir === undefined) return;
  const run = await asUsage('', () => loadRun(dir));
  const info = await initBackend(recordedBackend(xm.source?.backend) ?? recordedBackend(run.backend));
  const t1 = performance.now();
  const shape = [ds.test.n, ...(run.model.inputs[0]!.shape.slice(1) as number[])];
  const logits = tf.tidy(() => (run.model.predict(tf.tensor(ds.test.x, shape), { batchSize: 500 }) as tf.Tensor).dataSync() as Float32Array);
  const tfSecs = (performance.now() - t1) / 1000;
  const a = new Uint32Array(res.logits.buffer);
  const b = new Uint32Array(logits.buffer, logits.byteOffset, logits.length);
  const C = xm.numClasses;
  let diffLogits = 0;
  let diffPred = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diffLogits++;
  for (let i = 0; i < ds.test.n; i++) {
    let best = 0;
    for (let j = 1; j < C; j++) if (logits[i * C + j]! > logits[i * C + best]!) best = j;
    if (best !== res.predictions[i]) diffPred++;
  }
  process.stdout.write(
    `tfjs (${info.name}): ${tfSecs.toFixed(3)} s (${(ds.test.n / tfSecs).toFixed(0)} images/s); predictions differ on ${diffPred}/${ds.test.n}, logits differ bitwise on ${diffLogits}/${a.length}\n`,
  );
  run.model.dispose();
  if (diffPred || diffLogits) process.exitCode = 1;
}
