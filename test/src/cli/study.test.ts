import { afterEach, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync, readFileSync, symlinkSync, lstatSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const FAKE = join(ROOT, 'test', 'src', 'studies', '_fakeTrial.ts');
const dirs: string[] = [];
const fresh = () => {
  const d = mkdtempSync(join(tmpdir(), 'lowbit-cli-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function cli(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args], { encoding: 'utf8', cwd: ROOT, timeout: 300_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function writeSpec(dir: string, spec: unknown): string {
  const f = join(dir, 'spec.json');
  writeFileSync(f, JSON.stringify(spec));
  return f;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('lowbit study (CLI)', () => {
  it('rejects a bad spec with the JSON path, exit 2, and runs nothing', () => {
    const d = fresh();
    const f = writeSpec(d, { name: 'bad', base: { epochs: 1, seed: 1, x: 0 }, grid: [{ path: 'seed', values: [1] }, { path: 'x', valeus: [1] }] });
    const r = cli(['study', 'run', f, '--out', join(d, 'out'), '--trial-module', FAKE]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('lowbit: grid[1].valeus: unknown key; allowed: name, path, paths, values, labels');
    expect(existsSync(join(d, 'out'))).toBe(false);
    expect(cli(['study', 'run', f, '--jobs', 'two']).stderr.trim()).toBe('lowbit: --jobs: must be an integer >= 1; got "two"');
    expect(cli(['study', 'status', d]).stderr.trim()).toMatch(/^lowbit: DIR: .* holds no study\.sqlite; run 'lowbit study run FILE --out .*' first$/);
  });

  it('runs, reports, prints the report path last; status lists every point; quick uses its own folder', () => {
    const d = fresh();
    const f = writeSpec(d, { name: 'cli', base: { epochs: 2, seed: 1, x: 1, sleepMs: 10 }, grid: [{ path: 'x', values: [1, 2] }], quick: { epochs: 1 } });
    const r = cli(['study', 'run', f, '--out', join(d, 'out'), '--jobs', '2', '--trial-module', FAKE]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').at(-1)).toBe(join(d, 'out', 'report.html'));
    expect(r.stderr).toMatch(/\[2\/2\] x=\d: ok, test error/);
    const s = cli(['study', 'status', join(d, 'out')]);
    expect(s.stdout).toMatch(/^study cli in .*: 2\/2 done \(2 ok, 0 diverged\), 0 running, 0 failed, 0 left\n {2}ok +x=1 {2}test error/);
    const j = JSON.parse(cli(['study', 'status', join(d, 'out'), '--json']).stdout);
    expect(j.points.map((p: { state: string }) => p.state)).toEqual(['ok', 'ok']);
    const q = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'study', 'run', f, '--quick', '--no-report', '--trial-module', FAKE], { encoding: 'utf8', cwd: d });
    expect(q.status).toBe(0);
    expect(q.stdout.trim().split('\n').at(-1)).toBe(join(d, 'studies', 'cli-quick'));
  });

  it('survives kill -9 part-way: the rerun finishes the grid with no duplicate or lost row, and finished runs are kept', async () => {
    const d = fresh();
    const out = join(d, 'out');
    const n = 6;
    const f = writeSpec(d, { name: 'kill', base: { epochs: 3, seed: 1, x: 0, sleepMs: 250 }, grid: [{ path: 'x', values: Array.from({ length: n }, (_, i) => i) }] });
    const args = [join(ROOT, 'dist', 'cli.js'), 'study', 'run', f, '--out', out, '--jobs', '2', '--no-report', '--trial-module', FAKE];
    const child = spawn(process.execPath, args, { cwd: ROOT, detached: true, stdio: 'ignore' });
    // wait until at least one run has finished (read-only polling of the live database)
    let finished: { name: string; finished_at: string }[] = [];
    for (let t = 0; t < 600 && finished.length === 0; t++) {
      await sleep(100);
      if (!existsSync(join(out, 'study.sqlite'))) continue;
      try {
        const db = new Database(join(out, 'study.sqlite'), { readonly: true, fileMustExist: true });
        finished = db.prepare("SELECT name, finished_at FROM runs WHERE status = 'ok'").all() as typeof finished;
        db.close();
      } catch {
        // the runner is still creating the schema
      }
    }
    expect(finished.length).toBeGreaterThan(0);
    process.kill(-child.pid!, 'SIGKILL'); // the whole process group: runner and workers
    await new Promise((r) => child.once('exit', r));
    const mid = new Database(join(out, 'study.sqlite'), { readonly: true });
    const finishedAtKill = mid.prepare("SELECT name, finished_at FROM runs WHERE status = 'ok'").all() as typeof finished;
    expect(mid.pragma('integrity_check', { simple: true })).toBe('ok');
    mid.close();
    expect(finishedAtKill.length).toBeLessThan(n); // killed part-way

    const status = cli(['study', 'status', out]);
    expect(status.stdout).toMatch(new RegExp(`${finishedAtKill.length}/${n} done`));
    const rerun = cli(['study', 'run', f, '--out', out, '--jobs', '2', '--no-report', '--trial-module', FAKE]);
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toMatch(new RegExp(`ran ${n - finishedAtKill.length} .* ${finishedAtKill.length} already finished`));

    const db = new Database(join(out, 'study.sqlite'), { readonly: true });
    const rows = db.prepare('SELECT name, status, attempts, finished_at FROM runs ORDER BY idx').all() as { name: string; status: string; attempts: number; finished_at: string }[];
    expect(rows.map((r) => r.name)).toEqual(Array.from({ length: n }, (_, i) => `x=${i}`));
    expect(rows.every((r) => r.status === 'ok')).toBe(true);
    for (const k of finishedAtKill) expect(rows.find((r) => r.name === k.name)).toMatchObject({ attempts: 1, finished_at: k.finished_at });
    const epochs = db.prepare('SELECT run_name, COUNT(*) AS c FROM epochs GROUP BY run_name').all() as { run_name: string; c: number }[];
    expect(epochs).toHaveLength(n);
    expect(epochs.every((e) => e.c === 3)).toBe(true);
    db.close();
  });
});

describe('lowbit study: issue 11 regressions', () => {
  it('regression: a symlink planted in a study run folder is followed and its target overwritten; every study write refuses or replaces links', () => {
    const d = fresh();
    const out = join(d, 'out');
    const victim = join(d, 'victim.txt');
    writeFileSync(victim, 'precious\n');
    const f = writeSpec(d, { name: 'links', base: { epochs: 1, seed: 1, x: 0 }, grid: [{ path: 'x', values: [1, 2] }] });
    expect(cli(['study', 'run', f, '--out', out, '--jobs', '1', '--trial-module', FAKE]).code).toBe(0);
    // plant links where the runner and the report write: a run's config.json, study.json, the report's CSV and HTML
    for (const p of [join(out, 'runs', 'x=1', 'config.json'), join(out, 'study.json'), join(out, 'results.csv'), join(out, 'report.html')]) {
      rmSync(p);
      symlinkSync(victim, p);
    }
    const spec2 = writeSpec(d, { name: 'links', base: { epochs: 1, seed: 1, x: 0 }, grid: [{ path: 'x', values: [1, 2, 3] }] });
    symlinkSync(d, join(out, 'runs', 'x=3')); // a run folder that is a link to elsewhere
    const r = cli(['study', 'run', spec2, '--out', out, '--jobs', '1', '--trial-module', FAKE]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(/^lowbit: refusing to write through the symlink ".*\/out\/runs\/x=3"/);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    rmSync(join(out, 'runs', 'x=3'));
    expect(cli(['study', 'run', spec2, '--out', out, '--jobs', '1', '--trial-module', FAKE]).code).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    for (const p of [join(out, 'study.json'), join(out, 'results.csv'), join(out, 'report.html')]) expect(lstatSync(p).isSymbolicLink()).toBe(false);
    // the worker log is appended with O_NOFOLLOW, the plots folder made without following a link, SQLite files checked
    rmSync(join(out, 'plots'), { recursive: true });
    symlinkSync(d, join(out, 'plots'));
    const rep = cli(['study', 'report', out]);
    expect(rep.code).toBe(2);
    expect(rep.stderr.trim().split('\n').at(-1)).toMatch(/^lowbit: refusing to write through the symlink ".*\/out\/plots"/);
    rmSync(join(out, 'study.sqlite-shm'), { force: true });
    symlinkSync(victim, join(out, 'study.sqlite-shm'));
    const again = cli(['study', 'run', spec2, '--out', out, '--jobs', '1', '--trial-module', FAKE]);
    expect(again.code).toBe(2);
    expect(again.stderr.trim().split('\n').at(-1)).toMatch(/^lowbit: refusing to write through the symlink ".*study\.sqlite-shm"/);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
  }, 400_000);

  it('regression: --out /proc/x loops forever in mkdirSync: refused at once with exit 2', () => {
    const d = fresh();
    const f = writeSpec(d, { name: 'p', base: { epochs: 1, seed: 1, x: 0 } });
    const t0 = Date.now();
    const r = cli(['study', 'run', f, '--out', '/proc/x', '--trial-module', FAKE]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('lowbit: --out: "/proc/x" is under /proc (a virtual file system); choose a folder on disk');
    expect(Date.now() - t0).toBeLessThan(60_000);
  });

  it.each([['SIGINT', 130], ['SIGTERM', 143]] as const)('regression: study run ignores %s: it stops the workers, keeps finished results, prints one line and exits %i', async (signal, code) => {
    const d = fresh();
    const out = join(d, 'out');
    const f = writeSpec(d, { name: 'sig', base: { epochs: 3, seed: 1, x: 0, sleepMs: 300 }, grid: [{ path: 'x', values: [0, 1, 2, 3, 4, 5] }] });
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'study', 'run', f, '--out', out, '--jobs', '2', '--no-report', '--trial-module', FAKE], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (x) => (stderr += x));
    const exited = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    for (let t = 0; t < 1200 && !/\[1\/6\]/.test(stderr); t++) await sleep(100); // a first run finished
    child.kill(signal);
    expect(await exited).toBe(code);
    const lines = stderr.trim().split('\n');
    expect(lines.at(-1)).toMatch(new RegExp(`^lowbit: study run interrupted \\(${signal}\\): \\d+ runs recorded, the runs in flight were stopped; run the same command again to finish the grid$`));
    const db = new Database(join(out, 'study.sqlite'), { readonly: true });
    const ok = db.prepare("SELECT COUNT(*) AS n FROM runs WHERE status = 'ok'").get() as { n: number };
    db.close();
    expect(ok.n).toBeGreaterThanOrEqual(1);
    expect(ok.n).toBeLessThan(6);
    const rerun = cli(['study', 'run', f, '--out', out, '--jobs', '2', '--no-report', '--trial-module', FAKE]);
    expect(rerun.stdout).toMatch(new RegExp(`ran ${6 - ok.n} .* ${ok.n} already finished`));
  }, 400_000);
});
