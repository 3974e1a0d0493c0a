/**
 * The queue executor against a real redis-server, through the CLI as a user runs it: a coordinator
 * (`lowbit study run --executor queue`) and workers (`lowbit study worker`) in their own processes, killed with
 * SIGKILL part-way. Each test ends with every run recorded exactly once: SQLite rows = points × seeds, no
 * duplicates, `integrity_check` ok.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { redisServerPath, startRedis, type TestRedis } from '../_redis.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const FAKE = join(ROOT, 'test', 'src', 'studies', '_fakeTrial.ts');
const tmp = mkdtempSync(join(tmpdir(), 'lowbit-queue-'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Each test starts 3–5 lowbit processes; on a loaded 2-core machine that alone takes a minute. */
const LONG = 400_000;

interface Proc {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exit: Promise<number | null>;
}
const procs: Proc[] = [];

function lowbit(args: string[]): Proc {
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args], { cwd: tmp, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const p = { child, out: () => out, err: () => err, exit };
  procs.push(p);
  return p;
}
/** The exit code of a process; on a time-out, an error with every process's output (what went wrong). */
async function exitOf(p: Proc, ms = 300_000): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out; outputs:\n${procs.map((q, i) => `--- ${i} ${q.child.spawnargs.slice(2, 4).join(' ')}\n${q.out()}${q.err()}`).join('\n')}`)), ms);
  });
  try {
    return await Promise.race([p.exit, late]);
  } finally {
    clearTimeout(timer);
  }
}
const killGroup = (p: Proc, sig: NodeJS.Signals = 'SIGKILL') => {
  try {
    process.kill(-p.child.pid!, sig);
  } catch {
    /* gone */
  }
};

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 300_000): Promise<void> {
  const t0 = Date.now();
  while (!(await ok())) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}; outputs:\n${procs.map((q, i) => `--- ${i}\n${q.out()}${q.err()}`).join('\n')}`);
    await sleep(100);
  }
}

function rows(out: string): { name: string; status: string; attempts: number; finished_at: string | null; error: string | null }[] {
  const f = join(out, 'study.sqlite');
  if (!existsSync(f)) return [];
  try {
    const db = new Database(f, { readonly: true, fileMustExist: true });
    try {
      return db.prepare('SELECT name, status, attempts, finished_at, error FROM runs ORDER BY idx').all() as ReturnType<typeof rows>;
    } finally {
      db.close();
    }
  } catch {
    return [];
  }
}
const finished = (out: string) => rows(out).filter((r) => r.status !== 'running');

function checkExactlyOnce(out: string, names: string[]): void {
  const db = new Database(join(out, 'study.sqlite'), { readonly: true });
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  const all = db.prepare('SELECT name FROM runs ORDER BY idx').all() as { name: string }[];
  expect(all.map((r) => r.name)).toEqual(names);
  expect((db.prepare('SELECT COUNT(DISTINCT name) AS n FROM runs').get() as { n: number }).n).toBe(names.length);
  const ep = db.prepare('SELECT run_name, COUNT(*) AS c FROM epochs GROUP BY run_name').all() as { run_name: string; c: number }[];
  db.close();
  for (const e of ep) expect(e.c).toBeLessThanOrEqual(3);
}

let n = 0;
function study(points: number, extra: Record<string, unknown> = {}): { spec: string; out: string; queue: string; names: string[] } {
  const k = n++;
  const spec = join(tmp, `spec${k}.json`);
  writeFileSync(spec, JSON.stringify({ name: `q${k}`, base: { epochs: 3, seed: 1, x: 0, sleepMs: 250, ...extra }, seeds: [1, 2], grid: [{ path: 'x', values: Array.from({ length: points }, (_, i) => i) }] }));
  const names = Array.from({ length: points }, (_, i) => [1, 2].map((s) => `x=${i}__seed=${s}`)).flat();
  return { spec, out: join(tmp, `out${k}`), queue: `test-${k}-${process.pid}`, names };
}

const coordinator = (s: ReturnType<typeof study>, redis: string, more: string[] = []) =>
  lowbit(['study', 'run', s.spec, '--executor', 'queue', '--redis', redis, '--queue', s.queue, '--out', s.out, '--no-report', '--trial-module', FAKE, ...more]);
const worker = (s: ReturnType<typeof study>, redis: string, more: string[] = []) =>
  lowbit(['study', 'worker', '--redis', redis, '--queue', s.queue, '--trial-module', FAKE, '--lock-seconds', '2', '--artifacts', join(tmp, 'artifacts'), ...more]);

describe.skipIf(!redisServerPath)('queue executor (BullMQ on a real redis-server)', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    for (const p of procs) killGroup(p);
    await redis?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('kill -9 of a worker mid-run: its job goes to another worker after the lock expires; every run recorded once', async () => {
    const s = study(3);
    const c = coordinator(s, redis.url);
    const w1 = worker(s, redis.url);
    await until('worker 1 to start a run', () => /running q\d+\//.test(w1.err()));
    const w2 = worker(s, redis.url);
    killGroup(w1); // the worker and its trial process, mid-run
    expect(await exitOf(c), c.err()).toBe(0);
    killGroup(w2, 'SIGTERM');
    expect(c.out()).toMatch(/ran 6 \(6 ok, 0 diverged, 0 failed\), 0 already finished/);
    checkExactlyOnce(s.out, s.names);
    expect(rows(s.out).every((r) => r.status === 'ok' && r.attempts === 1)).toBe(true);
    // the run record travelled back through the queue into the study folder; the run's files are in --artifacts
    const rec = JSON.parse(readFileSync(join(s.out, 'runs', 'x=2__seed=2', 'run.json'), 'utf8'));
    expect(rec).toMatchObject({ fake: true, x: 2, seed: 2 });
    const db = new Database(join(s.out, 'study.sqlite'), { readonly: true });
    const art = (db.prepare("SELECT artifacts FROM runs WHERE name = 'x=2__seed=2'").get() as { artifacts: string }).artifacts;
    db.close();
    expect(art).toMatch(new RegExp(`^${join(tmp, 'artifacts')}/q\\d+-[0-9a-f]{8}/x=2__seed=2$`));
    expect(readFileSync(join(art, 'worker.log'), 'utf8')).toBe('');
  }, LONG);

  it('a job whose workers keep dying is tried up to the stall limit, then recorded as failed with the reason', async () => {
    const s = study(1, { mode: 'killWorker', epochs: 3, sleepMs: 100 });
    const c = coordinator(s, redis.url);
    // a supervisor that restarts a killed worker, as systemd would
    let deaths = 0;
    const supervise = async () => {
      while (c.child.exitCode === null) {
        const w = worker(s, redis.url, ['--max-stalls', '1']);
        const code = await Promise.race([w.exit, c.exit.then(() => 'done' as const)]);
        if (code === 'done') {
          killGroup(w, 'SIGTERM');
          return;
        }
        deaths++;
      }
    };
    const sup = supervise();
    expect(await exitOf(c), c.err()).toBe(0);
    await sup;
    expect(deaths).toBeGreaterThanOrEqual(2 * 2); // 2 runs × (1 + 1 stall) deaths
    checkExactlyOnce(s.out, s.names);
    for (const r of rows(s.out)) {
      expect(r.status).toBe('failed');
      expect(r.error).toMatch(/^queue: job stalled more than allowable limit/);
    }
  }, LONG);

  it('kill -9 of the coordinator: a restarted one adopts the queued and finished jobs; nothing lost, nothing twice', async () => {
    const s = study(3);
    const c1 = coordinator(s, redis.url);
    const w1 = worker(s, redis.url);
    const w2 = worker(s, redis.url);
    await until('a first recorded run', () => finished(s.out).length >= 1);
    killGroup(c1);
    await c1.exit;
    const before = finished(s.out);
    expect(before.length).toBeLessThan(6);
    await sleep(1500); // the workers go on finishing jobs into Redis meanwhile
    const c2 = coordinator(s, redis.url);
    expect(await exitOf(c2), c2.err()).toBe(0);
    killGroup(w1, 'SIGTERM');
    killGroup(w2, 'SIGTERM');
    checkExactlyOnce(s.out, s.names);
    const after = rows(s.out);
    expect(after.every((r) => r.status === 'ok')).toBe(true);
    for (const b of before) expect(after.find((r) => r.name === b.name)).toMatchObject({ attempts: 1, finished_at: b.finished_at });
    expect(after.every((r) => r.attempts === 1)).toBe(true); // adopted, not enqueued again
    const q = new Queue(s.queue, { connection: new Redis(redis.url, { maxRetriesPerRequest: null }) });
    const counts = await q.getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed');
    expect(Object.values(counts).every((c) => c === 0), JSON.stringify(counts)).toBe(true); // every job collected and removed
    await q.close();
  }, LONG);

  it('a Redis restart mid-study loses no finished result and records nothing twice', async () => {
    const own = await startRedis();
    try {
      const s = study(3);
      const c = coordinator(s, own.url);
      const w1 = worker(s, own.url);
      const w2 = worker(s, own.url);
      await until('a first recorded run', () => finished(s.out).length >= 1);
      const before = finished(s.out);
      await own.restart(1000);
      expect(await exitOf(c), c.err()).toBe(0);
      killGroup(w1, 'SIGTERM');
      killGroup(w2, 'SIGTERM');
      checkExactlyOnce(s.out, s.names);
      const after = rows(s.out);
      expect(after.every((r) => r.status === 'ok')).toBe(true);
      for (const b of before) expect(after.find((r) => r.name === b.name)).toMatchObject({ finished_at: b.finished_at });
    } finally {
      await own.stop();
    }
  }, LONG);
});

if (!redisServerPath) {
  describe('queue executor', () => {
    it.skip('skipped: redis-server not installed (Debian redis-server; .ci/run installs it)', () => {});
  });
}
