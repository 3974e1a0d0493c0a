/**
 * The queue executor (coordinator side): every unfinished run becomes a BullMQ job on Redis; workers on any machine
 * (`lowbit study worker`, queueWorker.ts) run them; this process waits, shows progress, and writes each result into
 * the study's SQLite store exactly once (the run's record travels back as the job's return value).
 *
 * Faults:
 * - a worker killed mid-run stops renewing its job lock; after `lockSeconds` another worker takes the job again,
 *   up to the workers' stall limit, then the job fails with BullMQ's reason and the run is recorded `failed`;
 * - a coordinator killed and restarted adopts the jobs of its `running` rows (the job id holds the attempt number
 *   kept in SQLite), collects the finished ones and re-enqueues only what no job holds: nothing lost, nothing twice;
 * - a Redis restart: results already collected are in SQLite; a job Redis lost is enqueued again (with AOF
 *   persistence, as `.ci/run` and the docs start Redis, it loses none). A result delivered twice (BullMQ is
 *   at-least-once) is recorded once: StudyStore.finishRun updates only a row still `running`.
 * An abort (Ctrl-C) stops waiting and leaves the jobs queued: the next `study run` adopts them.
 */
import { Job, Queue, QueueEvents } from 'bullmq';
import type { GridPoint } from '../spec/grid.js';
import type { TrialResult, EpochMetrics } from '../trial/trial.js';
import { lowbitPackageVersion as lowbitVersion } from '../_internal/packageVersion.js';
import { prepareRunDir, type ExecutorContext, type StudyExecutor } from './executor.js';
import { DEFAULT_QUEUE, queueJobId, redisConnection, registryKey, trialIdentity, type QueueJobData } from './_internal/queueProtocol.js';

/**
 * Options of `queueExecutor`.
 * @example
 * queueExecutor({ redis: 'redis://127.0.0.1:6379', queue: 'lowbit', attempts: 3 })
 */
export interface QueueExecutorOptions {
  /** Redis URL: `redis://host:port`, `rediss://…` or `unix:///path.sock`. */
  redis: string;
  /** BullMQ queue name (default `lowbit-studies`); workers must use the same. */
  queue?: string;
  /** Tries of a job that a worker refuses or that throws (default 3). */
  attempts?: number;
  /** A folder every worker can reach where runs keep their files (default: they stay on the worker). */
  artifacts?: string;
  /** How often the coordinator checks its jobs, in ms (default 500). */
  pollMs?: number;
}

/**
 * The queue executor: puts every run on a Redis (BullMQ) queue that `lowbit study worker` processes on any
machine, and records the results here as they come back.
 * @throws RangeError naming the option when an option is malformed.
 * @example await runStudy(spec, { outDir: 'studies/a', executor: queueExecutor({ redis: 'redis://127.0.0.1:6379' }) })
 */
export function queueExecutor(options: QueueExecutorOptions): StudyExecutor {
  const attempts = options.attempts ?? 3;
  if (!Number.isInteger(attempts) || attempts < 1) throw new RangeError(`--attempts: must be an integer >= 1; got ${attempts}`);
  const queue = options.queue ?? DEFAULT_QUEUE;
  if (!/^[A-Za-z0-9_.-]+$/.test(queue)) throw new RangeError(`--queue: must match [A-Za-z0-9_.-]+; got ${JSON.stringify(queue)}`);
  redisConnection(options.redis).disconnect(); // checks the URL now, before any work
  return { id: 'queue', jobs: 0, run: (todo, ctx) => coordinate(todo, ctx, { ...options, attempts, queue }) };
}

interface Outstanding {
  p: GridPoint;
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((r) => {
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      r();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

async function coordinate(todo: readonly GridPoint[], ctx: ExecutorContext, o: QueueExecutorOptions & { attempts: number; queue: string }): Promise<void> {
  const connection = redisConnection(o.redis);
  const queue = new Queue<QueueJobData, TrialResult>(o.queue, { connection });
  const eventsConnection = redisConnection(o.redis);
  const events = new QueueEvents(o.queue, { connection: eventsConnection });
  const outstanding = new Map<string, Outstanding>();
  events.on('progress', ({ jobId, data }) => {
    const job = outstanding.get(jobId);
    if (job && data && typeof data === 'object' && 'epoch' in data) ctx.emit({ type: 'epoch', name: job.p.name, metrics: data as unknown as EpochMetrics });
  });
  events.on('active', ({ jobId }) => {
    const job = outstanding.get(jobId);
    if (job) ctx.emit({ type: 'start', name: job.p.name, attempt: Number(jobId.split('#')[1]) });
  });
  try {
    const version = lowbitVersion();
    await connection.hset(registryKey(o.queue, ctx.studyId), { name: ctx.studyName, specHash: ctx.specHash, lowbitVersion: version });
    const base = { studyId: ctx.studyId, studyName: ctx.studyName, specHash: ctx.specHash, lowbitVersion: version, trial: trialIdentity(ctx.trialModule), ...(ctx.cost ? { cost: ctx.cost } : {}), ...(o.artifacts ? { artifacts: o.artifacts } : {}) };
    const add = (id: string, p: GridPoint) =>
      queue.add('run', { ...base, run: p.name, config: p.config }, { jobId: id, attempts: o.attempts, backoff: { type: 'fixed', delay: 1000 }, removeOnComplete: false, removeOnFail: false });
    for (const p of todo) {
      if (ctx.signal?.aborted) return;
      const row = ctx.store.run(p.name);
      if (row?.status === 'running') {
        // adopt the job a previous coordinator enqueued for this attempt, when it is still of this spec
        const id = queueJobId(ctx.studyId, row.attempts, p.name);
        const job = await Job.fromId<QueueJobData, TrialResult>(queue, id);
        if (job && job.data.specHash === ctx.specHash) {
          outstanding.set(id, { p });
          continue;
        }
        if (job) await job.remove().catch(() => undefined);
      }
      prepareRunDir(ctx.outDir, p);
      ctx.store.startRun({ name: p.name, point: p.point, index: p.index, config: p.config, labels: p.labels, vars: p.vars, pid: null });
      const id = queueJobId(ctx.studyId, ctx.store.run(p.name)!.attempts, p.name);
      await add(id, p);
      outstanding.set(id, { p });
    }
    ctx.emit({ type: 'note', message: `queue ${o.queue} on ${o.redis}: ${outstanding.size} jobs for study ${ctx.studyName} (${ctx.studyId}); start workers with: lowbit study worker --redis ${o.redis}` });
    let lastError = '';
    while (outstanding.size > 0 && !ctx.signal?.aborted) {
      try {
        await collect(queue, outstanding, ctx, add);
        lastError = '';
      } catch (e) {
        const msg = (e as Error).message;
        if (msg !== lastError) ctx.emit({ type: 'note', message: `queue: ${msg}; retrying` });
        lastError = msg;
      }
      if (outstanding.size > 0) await sleep(o.pollMs ?? 500, ctx.signal);
    }
    if (!ctx.signal?.aborted) await connection.del(registryKey(o.queue, ctx.studyId));
  } finally {
    await events.close().catch(() => undefined);
    await queue.close().catch(() => undefined);
    // BullMQ leaves connections it was given open: close them, or the process never exits
    eventsConnection.disconnect();
    connection.disconnect();
  }
}

/** One pass over the outstanding jobs: records the finished ones (then removes them), re-adds the vanished ones. */
async function collect(queue: Queue<QueueJobData, TrialResult>, outstanding: Map<string, Outstanding>, ctx: ExecutorContext, add: (id: string, p: GridPoint) => Promise<unknown>): Promise<void> {
  for (const [id, { p }] of [...outstanding]) {
    const job = await Job.fromId<QueueJobData, TrialResult>(queue, id);
    if (!job) {
      await add(id, p); // Redis lost it (restart without persistence): run it again
      continue;
    }
    if (!job.finishedOn) continue; // waiting, active, or between retries
    const state = await job.getState();
    if (state !== 'completed' && state !== 'failed') continue;
    const seconds = job.finishedOn && job.processedOn ? (job.finishedOn - job.processedOn) / 1000 : 0;
    const result: TrialResult =
      state === 'completed' && job.returnvalue
        ? job.returnvalue
        : { status: 'failed', epochs: [], finalTestError: null, error: `queue: ${job.failedReason || 'job failed'} (after ${job.attemptsMade} attempt${job.attemptsMade === 1 ? '' : 's'}, job ${id})` };
    ctx.record(p, result, seconds); // exactly once: a second delivery finds the row finished and changes nothing
    outstanding.delete(id);
    await job.remove().catch(() => undefined);
  }
}
