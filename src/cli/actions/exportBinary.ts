import * as tf from '@tensorflow/tfjs';
import { initBackend, type BackendPreference } from '../../backend/initBackend.js';
import { atomicWrite } from '../../io/atomicWrite.js';
import { exportXnorModel } from '../../xnor/exportXnor.js';
import { loadRun } from '../../xnor/loadRun.js';
import { writeXnorModel } from '../../xnor/xnorModelCodec.js';
import { layerOutputShape } from '../../xnor/xnorModelSpec.js';

/** Options of `lowbit exportBinary` as commander parses them. */
export type ExportBinaryCommandOptions = { run: string; out: string; backend?: string };

/** The action of `lowbit exportBinary` (see `commands/exportBinary.ts`), loaded only when the command runs. */
export async function runExportBinaryCommand(o: ExportBinaryCommandOptions): Promise<void> {

  const run = await loadRun(o.run);
  const pref = (o.backend ?? (run.backend === 'tensorflow' || run.backend === 'wasm' || run.backend === 'cpu' ? run.backend : undefined)) as BackendPreference | undefined;
  const info = await initBackend(pref);
  const t0 = performance.now();
  const xm = exportXnorModel(run.model, { run: o.run, dataset: run.dataset, backend: info.name });
  const text = JSON.stringify(writeXnorModel(xm));
  atomicWrite(o.out, text + '\n');
  const shapes = xm.layers.map((l) => `${l.kind} ${('window' in l ? l.window.inputShape : [l.weights.cols]).join('×')}→${layerOutputShape(l).join('×')}`).join(', ');
  process.stdout.write(`exported ${xm.layers.length} layers (${shapes}) to ${o.out}: ${(text.length / 1024).toFixed(0)} KiB, thresholds on ${info.name}, ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  run.model.dispose();
  tf.disposeVariables();
}
