/**
 * A queue worker refuses jobs it must not run (another lowbit version, a stale spec hash, another trial module),
 * says why on its log, and the job fails with that reason; a job it may run is run. Jobs are made here the way a
 * coordinator makes them (queueProtocol), on a real redis-server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { runQueueWorker } from '../../../../src/studies/executors/queueWorker.js';
import { queueJobId, registryKey, trialIdentity, refusal, type QueueJobData } from '../../../../src/studies/executors/_internal/queueProtocol.js';
import { lowbitPackageVersion } from '../../../../src/studies/_internal/packageVersion.js';
import { redisServerPath, startRedis, type TestRedis } from '../_redis.js';

const FAKE = fileURLToPath(new URL('../_fakeTrial.ts', import.meta.url));
const VERSION = lowbitPackageVersion();

describe('refusal (pure)', () => {
  const job = { studyId: 's', studyName: 'n', specHash: 'a'.repeat(64), lowbitVersion: '1.0.0', trial: 't', run: 'r', config: {} } satisfies QueueJobData;
  const me = { lowbitVersion: '1.0.0', trial: 't' };
  it('accepts a job of the registered spec, version and trial', () => {
    expect(refusal(job, { name: 'n', specHash: job.specHash, lowbitVersion: '1.0.0' }, me)).toBeNull();
  });
  it('names the reason of each refusal', () => {
    expect(refusal({ ...job, lowbitVersion: '0.9.0' }, null, me)).toMatch(/^job r of study n was made by lowbit 0\.9\.0; this worker runs lowbit 1\.0\.0/);
    expect(refusal(job, null, me)).toMatch(/study n \(s\) is not registered on this Redis/);
    expect(refusal(job, { name: 'n', specHash: 'b'.repeat(64), lowbitVersion: '1.0.0' }, me)).toMatch(/has spec hash aaaaaaaaaaaa, but the study now runs spec hash bbbbbbbbbbbb: a stale job$/);
    expect(refusal(job, { name: 'n', specHash: job.specHash, lowbitVersion: '1.0.0' }, { ...me, trial: 'u' })).toMatch(/runs trial t; this worker runs u/);
  });
});

describe.skipIf(!redisServerPath)('queue worker (real redis-server)', () => {
  let redis: TestRedis;
  const tmp = mkdtempSync(join(tmpdir(), 'lowbit-qw-'));
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('refuses a job of another lowbit version or of a stale spec hash, says why, and runs a good one', async () => {
    const queueName = 'refusals';
    const conn = new Redis(redis.url, { maxRetriesPerRequest: null });
    const evConn = new Redis(redis.url, { maxRetriesPerRequest: null });
    const queue = new Queue<QueueJobData>(queueName, { connection: conn });
    const events = new QueueEvents(queueName, { connection: evConn });
    await events.waitUntilReady();
    const specHash = 'c'.repeat(64);
    await conn.hset(registryKey(queueName, 'study1'), { name: 'st', specHash, lowbitVersion: VERSION });
    const base: QueueJobData = { studyId: 'study1', studyName: 'st', specHash, lowbitVersion: VERSION, trial: trialIdentity(FAKE), run: 'x', config: { epochs: 1, seed: 1, x: 1 } };
    const outcome = new Map<string, string>();
    const settled = new Promise<void>((resolve) => {
      const done = (id: string, what: string) => {
        outcome.set(id, what);
        if (outcome.size === 3) resolve();
      };
      events.on('failed', ({ jobId, failedReason }) => done(jobId, `failed: ${failedReason}`));
      events.on('completed', ({ jobId }) => done(jobId, 'completed'));
    });
    const add = (run: string, d: Partial<QueueJobData>) => queue.add('run', { ...base, run, ...d }, { jobId: queueJobId('study1', 1, run), attempts: 1 });
    await add('old-version', { lowbitVersion: '0.0.1' });
    await add('stale-spec', { specHash: 'd'.repeat(64) });
    await add('good', {});
    const lines: string[] = [];
    const ac = new AbortController();
    const worker = runQueueWorker({ redis: redis.url, queue: queueName, trialModule: FAKE, artifacts: tmp, lockSeconds: 5, log: (l) => lines.push(l), signal: ac.signal });
    await settled;
    ac.abort();
    const summary = await worker;
    expect(summary).toEqual({ done: 1, refused: 2 });
    expect(outcome.get(queueJobId('study1', 1, 'good'))).toBe('completed');
    expect(outcome.get(queueJobId('study1', 1, 'old-version'))).toMatch(new RegExp(`^failed: refused by worker .*: job old-version of study st was made by lowbit 0\\.0\\.1; this worker runs lowbit ${VERSION.replace(/\./g, '\\.')}`));
    expect(outcome.get(queueJobId('study1', 1, 'stale-spec'))).toMatch(/^failed: refused by worker .*: job stale-spec of study st has spec hash dddddddddddd, but the study now runs spec hash cccccccccccc: a stale job$/);
    expect(lines.filter((l) => /refused/.test(l))).toHaveLength(2);
    await events.close();
    await queue.close();
    conn.disconnect();
    evConn.disconnect();
  }, 120_000);
});

if (!redisServerPath) {
  describe('queue worker', () => {
    it.skip('skipped: redis-server not installed (Debian redis-server; .ci/run installs it)', () => {});
  });
}
