/**
 * What the queue coordinator and the queue workers agree on: the queue name, the job data, the job ids, the study
 * registry kept in Redis, and the checks a worker makes before it runs a job.
 *
 * | Redis key / object                 | written by  | holds |
 * |------------------------------------|-------------|-------|
 * | BullMQ queue `lowbit-studies`      | coordinator | one job per run attempt, id `<studyId>#<attempt>#<run name>` |
 * | hash `lowbit:<queue>:study:<id>`   | coordinator | the study's name, spec hash and lowbit version (the study now running) |
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Redis, type RedisOptions } from 'ioredis';
import type { StudyCostSpec } from '../../spec/studySpec.js';
import { DEFAULT_TRIAL_MODULE } from '../../_internal/entryPoints.js';

/** Default BullMQ queue name of lowbit studies. */
export const DEFAULT_QUEUE = 'lowbit-studies';

/** The data of one queue job: everything a worker needs to run one run of one study. */
export interface QueueJobData {
  studyId: string;
  studyName: string;
  specHash: string;
  /** lowbit version of the coordinator that made the job. */
  lowbitVersion: string;
  /** Identity of the trial module (`lowbit-trainer`, or `<file>@<content hash>`). */
  trial: string;
  run: string;
  config: Record<string, unknown>;
  cost?: StudyCostSpec;
  /** Shared folder for the run's files, when the coordinator was given `--artifacts`. */
  artifacts?: string;
}

/** A study as registered in Redis by its coordinator. */
export interface StudyRegistration {
  name: string;
  specHash: string;
  lowbitVersion: string;
}

/** The job id of one attempt of one run (BullMQ ids may not contain ':'). */
export function queueJobId(studyId: string, attempt: number, run: string): string {
  return `${studyId}#${attempt}#${run}`;
}

/** The Redis key of a study's registration. */
export function registryKey(queue: string, studyId: string): string {
  return `lowbit:${queue}:study:${studyId}`;
}

/** The identity of a trial module: the lowbit trainer, or a file name with a hash of its content. */
export function trialIdentity(modulePath: string): string {
  if (modulePath === DEFAULT_TRIAL_MODULE) return 'lowbit-trainer';
  return `${basename(modulePath)}@${createHash('sha256').update(readFileSync(modulePath)).digest('hex').slice(0, 12)}`;
}

/**
 * Why a worker refuses a job, or null when it may run it: the job must come from a study registered in Redis,
 * with the spec hash the study now runs (else the job is stale), made by the worker's own lowbit version and for
 * the worker's trial module.
 */
export function refusal(job: QueueJobData, study: StudyRegistration | null, worker: { lowbitVersion: string; trial: string }): string | null {
  if (job.lowbitVersion !== worker.lowbitVersion) {
    return `job ${job.run} of study ${job.studyName} was made by lowbit ${job.lowbitVersion}; this worker runs lowbit ${worker.lowbitVersion}; run workers of the same version as the coordinator`;
  }
  if (!study) return `job ${job.run}: study ${job.studyName} (${job.studyId}) is not registered on this Redis; its coordinator is gone`;
  if (study.specHash !== job.specHash) {
    return `job ${job.run} of study ${job.studyName} has spec hash ${job.specHash.slice(0, 12)}, but the study now runs spec hash ${study.specHash.slice(0, 12)}: a stale job`;
  }
  if (study.lowbitVersion !== worker.lowbitVersion) return `study ${job.studyName} is run by lowbit ${study.lowbitVersion}; this worker runs lowbit ${worker.lowbitVersion}`;
  if (job.trial !== worker.trial) return `job ${job.run} of study ${job.studyName} runs trial ${job.trial}; this worker runs ${worker.trial} (start it with the same --trial-module)`;
  return null;
}

/**
 * A Redis connection from a URL: `redis://[user:pass@]host:port[/db]`, `rediss://…` (TLS) or `unix:///path/to.sock`.
 * Commands wait through reconnections (BullMQ needs `maxRetriesPerRequest: null`).
 * @throws RangeError naming `--redis` when the URL is malformed.
 */
export function redisConnection(url: string): Redis {
  const base: RedisOptions = { maxRetriesPerRequest: null, lazyConnect: false };
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new RangeError(`--redis: ${JSON.stringify(url)} is not a URL; expected redis://host:port, rediss://host:port or unix:///path/to/redis.sock`);
  }
  if (u.protocol === 'unix:') {
    if (!u.pathname) throw new RangeError(`--redis: ${JSON.stringify(url)} names no socket path`);
    return new Redis({ ...base, path: decodeURIComponent(u.pathname) });
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new RangeError(`--redis: ${JSON.stringify(url)}: protocol ${u.protocol} is not redis:, rediss: or unix:`);
  return new Redis(url, base);
}
