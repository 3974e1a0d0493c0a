/**
 * Worker process of the study runner: receives one WorkerTask over IPC, runs the trial, sends its epochs and
 * result, and exits. It never touches the study database. If the runner goes away (even by `kill -9`, which
 * closes the IPC channel), the worker exits at once, so no orphan keeps computing.
 */
import { loadTrialModule, type TrialResult, type WorkerMessage, type WorkerTask } from './trial.js';

function send(m: WorkerMessage): Promise<void> {
  return new Promise((resolve, reject) => process.send!(m, undefined, {}, (e) => (e ? reject(e) : resolve())));
}

async function runTask(task: WorkerTask): Promise<TrialResult> {
  // the parent made task.outDir (without following links) before starting this process
  const mod = await loadTrialModule(task.module);
  const result = await mod.runTrial(task.config, { outDir: task.outDir, cost: task.cost, onEpoch: (metrics) => void send({ type: 'epoch', metrics }) });
  if (result.cost === undefined && mod.costOf) {
    try {
      result.cost = (await mod.costOf(task.config, task.cost)) ?? undefined;
    } catch (e) {
      process.stderr.write(`cost model failed: ${(e as Error).message}\n`);
    }
  }
  return result;
}

if (!process.send) {
  process.stderr.write('trialWorker: must be started by the study runner (child_process.fork with an IPC channel)\n');
  process.exit(2);
}
process.on('disconnect', () => process.exit(3));
process.once('message', (task: WorkerTask) => {
  runTask(task)
    .catch((e: unknown): TrialResult => ({ status: 'failed', epochs: [], finalTestError: null, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }))
    .then((result) => send({ type: 'result', result }))
    .then(() => process.exit(0), () => process.exit(4));
});
