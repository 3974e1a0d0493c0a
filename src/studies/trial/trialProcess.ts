/**
 * Runs one trial in a fresh worker process (`child_process.fork` of the trial worker entry, entryPoints.ts) and
 * resolves with its result. A worker that dies without a result (crash, out of memory, signal) resolves as
 * `failed`, with the exit code or signal and the tail of its stderr; the worker's output also goes to
 * `<runDir>/worker.log`.
 *
 * Each worker computes on one thread: tfjs-wasm is single-threaded in Node, and the thread-count variables
 * below hold native backends (tfjs-node, OpenMP) to one thread too, so `--jobs N` means N busy cores.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { EpochMetrics, TrialResult, WorkerMessage, WorkerTask } from './trial.js';
import { TRIAL_WORKER_ENTRY, forkTarget } from '../_internal/entryPoints.js';
import { appendStreamNoFollow, mkdirNoFollow } from '../_internal/studyFs.js';

const TAIL = 4000;

/** Environment of every worker: one compute thread. */
export const WORKER_ENV: Readonly<Record<string, string>> = {
  TF_NUM_INTRAOP_THREADS: '1',
  TF_NUM_INTEROP_THREADS: '1',
  OMP_NUM_THREADS: '1',
  UV_THREADPOOL_SIZE: '2',
};

export interface WorkerRun {
  child: ChildProcess;
  done: Promise<TrialResult>;
}

/**
 * Starts one worker on `task`; `onEpoch` gets each epoch as the worker reports it. `root` is the folder that holds
 * `task.outDir` (the study folder): no link under it is followed when the run folder and its log are written.
 */
export function startTrialProcess(task: WorkerTask, onEpoch: (m: EpochMetrics) => void, root: string): WorkerRun {
  mkdirNoFollow(root, task.outDir);
  const log = appendStreamNoFollow(join(task.outDir, 'worker.log'));
  const { module, args } = forkTarget(TRIAL_WORKER_ENTRY);
  const child = fork(module, args, { env: { ...process.env, ...WORKER_ENV }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], serialization: 'json' });
  let tail = '';
  child.stdout!.pipe(log, { end: false });
  child.stderr!.on('data', (d: Buffer) => {
    log.write(d);
    tail = (tail + d.toString('utf8')).slice(-TAIL);
  });
  const epochs: EpochMetrics[] = [];
  let result: TrialResult | undefined;
  const done = new Promise<TrialResult>((resolve) => {
    child.on('message', (m: WorkerMessage) => {
      if (m.type === 'epoch') {
        epochs.push(m.metrics);
        onEpoch(m.metrics);
      } else if (m.type === 'result') result = m.result;
    });
    child.on('error', (e) => {
      result ??= { status: 'failed', epochs, finalTestError: null, error: `worker could not start: ${e.message}` };
    });
    child.on('close', (code, signal) => {
      log.end();
      if (result) {
        if (result.epochs.length === 0 && epochs.length > 0) result.epochs = epochs;
        if (result.status === 'failed' && tail && !(result.error ?? '').includes(tail.trim().slice(-200))) {
          result.error = `${result.error ?? 'failed'}\n--- stderr tail ---\n${tail}`;
        }
        resolve(result);
        return;
      }
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      resolve({ status: 'failed', epochs, finalTestError: null, error: `worker ${how} before reporting a result${tail ? `\n--- stderr tail ---\n${tail}` : ''}` });
    });
  });
  child.send(task);
  return { child, done };
}
