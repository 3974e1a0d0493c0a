/**
 * A queue worker (`lowbit study worker --redis URL`): takes study jobs from Redis (BullMQ) and runs each in a fresh
 * trial process, `concurrency` at a time, on any machine that reaches the Redis server. Before a job runs, the
 * worker checks it (queueProtocol.ts `refusal`): a job made by another lowbit version, of a study whose spec hash
 * differs from the one its coordinator now runs, or for another trial module is refused, with the reason on stderr
 * and in the job's failure; BullMQ tries it again (maybe on another worker) up to its attempts.
 *
 * A run's files go to `<artifacts>/<study>-<id>/<run>/`: the shared folder given to the coordinator or to this
 * worker (`--artifacts`), else `./lowbit-artifacts` on this machine, recorded as `host:/path`.
 * Stopping (signal): the worker stops taking jobs and kills its trials; their jobs stall and go to other workers.
 */
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker, type Job } from 'bullmq';
import { lowbitPackageVersion as lowbitVersion } from '../_internal/packageVersion.js';
import { DEFAULT_TRIAL_MODULE } from '../_internal/entryPoints.js';
import { loadTrialModule, type TrialResult } from '../trial/trial.js';
import { startTrialProcess, type WorkerRun } from '../trial/trialProcess.js';
import { DEFAULT_QUEUE, redisConnection, registryKey, refusal, trialIdentity, type QueueJobData, type StudyRegistration } from './_internal/queueProtocol.js';

/**
 * Options of `runQueueWorker` (`lowbit study worker`).
 * @example
 * await runQueueWorker({ redis: 'redis://127.0.0.1:6379', concurrency: 2 })
 */
export interface QueueWorkerOptions {
  redis: string;
  queue?: string;
  /** Trials run at once (default 1). */
  concurrency?: number;
  /** Trial module (default the lowbit trainer); the coordinator must use the same. */
  trialModule?: string;
  /** Folder for the runs' files (default: the coordinator's `--artifacts`, else ./lowbit-artifacts). */
  artifacts?: string;
  /** Seconds a job lock lasts without renewal before the job counts as stalled (default 30). */
  lockSeconds?: number;
  /** Times a job may stall (its worker died) before it fails (default 2). */
  maxStalls?: number;
  /** One line per event (job taken, done, refused); default stderr. */
  log?: (line: string) => void;
  signal?: AbortSignal;
}

/**
 * What a queue worker did before it stopped: runs done, and jobs refused (another lowbit version or spec).
 * @example
 * const { done, refused }: QueueWorkerSummary = await runQueueWorker({ redis: 'redis://127.0.0.1:6379' });
 */
export interface QueueWorkerSummary {
  done: number;
  refused: number;
}

/**
 * Runs until `signal` aborts.
 * @throws RangeError naming the option when an option is malformed.
 * @example await runQueueWorker({ redis: 'redis://127.0.0.1:6379', concurrency: 2, signal })
 */
export async function runQueueWorker(o: QueueWorkerOptions): Promise<QueueWorkerSummary> {
  const concurrency = o.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`--concurrency: must be an integer >= 1; got ${concurrency}`);
  const lockSeconds = o.lockSeconds ?? 30;
  if (!(lockSeconds >= 1)) throw new RangeError(`--lock-seconds: must be a number >= 1; got ${lockSeconds}`);
  const queueName = o.queue ?? DEFAULT_QUEUE;
  const trialModule = resolve(o.trialModule ?? DEFAULT_TRIAL_MODULE);
  await loadTrialModule(trialModule); // a bad module is refused now, not at the first job
  const log = o.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const me = { lowbitVersion: lowbitVersion(), trial: trialIdentity(trialModule) };
  const connection = redisConnection(o.redis);
  const live = new Set<WorkerRun>();
  const summary: QueueWorkerSummary = { done: 0, refused: 0 };

  const process1 = async (job: Job<QueueJobData, TrialResult>): Promise<TrialResult> => {
    const d = job.data;
    const reg = (await connection.hgetall(registryKey(queueName, d.studyId))) as Partial<StudyRegistration>;
    const why = refusal(d, reg.specHash ? (reg as StudyRegistration) : null, me);
    if (why) {
      summary.refused++;
      log(`worker ${hostname()}:${process.pid}: refused ${why}`);
      throw new Error(`refused by worker ${hostname()}:${process.pid}: ${why}`);
    }
    const shared = o.artifacts ?? d.artifacts;
    const root = resolve(shared ?? 'lowbit-artifacts');
    const dir = join(root, `${d.studyName}-${d.studyId.slice(0, 8)}`, d.run);
    log(`worker ${hostname()}:${process.pid}: running ${d.studyName}/${d.run} (job ${job.id}, attempt ${job.attemptsMade + 1})`);
    const w = startTrialProcess({ type: 'run', module: trialModule, config: d.config, outDir: dir, cost: d.cost }, (m) => void job.updateProgress({ ...m }).catch(() => undefined), root);
    live.add(w);
    try {
      const result = await w.done;
      summary.done++;
      log(`worker ${hostname()}:${process.pid}: ${d.studyName}/${d.run}: ${result.status}`);
      return { ...result, artifacts: shared ? dir : `${hostname()}:${dir}` };
    } finally {
      live.delete(w);
    }
  };

  const worker = new Worker<QueueJobData, TrialResult>(queueName, process1, {
    connection,
    concurrency,
    lockDuration: lockSeconds * 1000,
    stalledInterval: lockSeconds * 1000,
    maxStalledCount: o.maxStalls ?? 2,
  });
  worker.on('error', (e) => log(`worker: ${e.message}`));
  await new Promise<void>((r) => {
    if (o.signal?.aborted) r();
    o.signal?.addEventListener('abort', () => r(), { once: true });
  });
  for (const w of live) w.child.kill('SIGTERM');
  await worker.close(true).catch(() => undefined);
  connection.disconnect();
  return summary;
}
