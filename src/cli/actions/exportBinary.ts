import * as tf from '@tensorflow/tfjs';
import { dirname, relative, resolve, sep } from 'node:path';
import { asUsage } from '../cliError.js';
import { prepareOutFile } from '../../io/prepareOutDir.js';
import { initBackend } from '../../backend/initBackend.js';
import { backendOption, recordedBackend } from '../backendOption.js';
import { atomicWrite } from '../../io/atomicWrite.js';
import { exportXnorModel } from '../../xnor/exportXnor.js';
import { loadRun } from '../../xnor/loadRun.js';
import { writeXnorModel } from '../../xnor/xnorModelCodec.js';
import { layerOutputShape } from '../../xnor/xnorModelSpec.js';

/** Options of `lowbit exportBinary` as commander parses them. */
export type ExportBinaryCommandOptions = { run: string; out: string; backend?: string };

/** The action of `lowbit exportBinary` (see `commands/exportBinary.ts`), loaded only when the command runs. */
export async function runExportBinaryCommand(o: ExportBinaryCommandOptions): Promise<void> {
  const backend = backendOption(o.backend, '--backend');
  const run = await asUsage('', () => loadRun(o.run));
  const out = prepareOutFile(o.out, '--out');
  const info = await initBackend(backend ?? recordedBackend(run.backend));
  const t0 = performance.now();
  // the run is recorded relative to the output file's folder: `infer --compare` resolves it there, and only there
  const runRel = relative(dirname(out), resolve(o.run)).split(sep).join('/') || '.';
  const xm = asUsage('--run', () => exportXnorModel(run.model, { run: runRel, dataset: run.dataset, backend: info.name }));
  const text = JSON.stringify(writeXnorModel(xm));
  atomicWrite(out, text + '\n');
  const shapes = xm.layers.map((l) => `${l.kind} ${('window' in l ? l.window.inputShape : [l.weights.cols]).join('×')}→${layerOutputShape(l).join('×')}`).join(', ');
  process.stdout.write(`exported ${xm.layers.length} layers (${shapes}) to ${o.out}: ${(text.length / 1024).toFixed(0)} KiB, thresholds on ${info.name}, ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  run.model.dispose();
  tf.disposeVariables();
}
