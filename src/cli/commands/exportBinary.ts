import type { Command } from 'commander';
import * as tf from '@tensorflow/tfjs';
import { initBackend, type BackendPreference } from '../../backend/initBackend.js';
import { atomicWrite } from '../../io/atomicWrite.js';
import { exportXnorModel } from '../../xnor/exportXnor.js';
import { loadRun } from '../../xnor/loadRun.js';
import { writeXnorModel } from '../../xnor/xnorModelCodec.js';
import { layerOutputShape } from '../../xnor/xnorModelSpec.js';

/**
 * `lowbit export-binary --run DIR --out FILE [--backend B]`: exports the trained binary network of a run folder
 * to the XNOR engine's JSON file (packed ±1 weights, one integer threshold per hidden unit or conv filter, max
 * pools as bit ORs, the last layer's float32 bias or batch-norm table). The thresholds reproduce the TF.js network
 * on the backend used here: by default the run's own backend (run.json), else LOWBIT_BACKEND, else auto.
 */
export function registerExportBinary(program: Command): void {
  program
    .command('export-binary')
    .description('export a trained binary network (binary weights and activations) for XNOR-popcount inference')
    .requiredOption('--run <dir>', 'run folder written by lowbit train (DIR/model/, DIR/run.json)')
    .requiredOption('--out <file>', 'output file (JSON)')
    .option('--backend <name>', 'TF.js backend whose float32 decisions the thresholds reproduce (default: the run\'s)')
    .action(async (o: { run: string; out: string; backend?: string }) => {
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
    });
}
