import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInProcess } from './_inProcess.js';

const version = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')).version as string;

describe('runCli (in-process CLI)', () => {
  it('runs a command with its own stdin/stdout and returns the exit code, restoring the process streams', async () => {
    const stdout0 = process.stdout;
    const r = await runInProcess(['quantize', '--format', 'float16'], { input: '1.5\n0.1\n' });
    expect(r).toEqual({ code: 0, stdout: '1.5\n0.0999755859375\n', stderr: '' });
    expect(process.stdout).toBe(stdout0);
    expect(process.exitCode).toBeUndefined();
  });

  it('regression: --version exists and prints the package version', async () => {
    expect(await runInProcess(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    expect((await runInProcess(['-V'])).stdout).toBe(`${version}\n`);
  });

  it('usage errors: exit 2, exactly one stderr line, including commander\'s own (with its suggestion on the same line)', async () => {
    const a = await runInProcess(['quantize', '--format', 'float16', '--formt', 'x']);
    expect(a).toMatchObject({ code: 2, stderr: "lowbit: error: unknown option '--formt' (Did you mean --format?)\n" });
    const b = await runInProcess([]);
    expect(b.code).toBe(2);
    expect(b.stderr).toBe('lowbit: missing command (see the usage above)\n');
    expect(b.stdout).toMatch(/^Usage: lowbit /);
    const c = await runInProcess(['nope']);
    expect(c).toMatchObject({ code: 2, stderr: "lowbit: error: unknown command 'nope'\n" });
    const d = await runInProcess(['quantize', '--format', 'float16', '--rounding', 'up']);
    expect(d.code).toBe(2);
    expect(d.stderr).toMatch(/^lowbit: --rounding: .*got "up"\n$/);
  });

  it('runs are serialised: concurrent calls do not mix their output', async () => {
    const [a, b] = await Promise.all([
      runInProcess(['quantize', '--format', 'int8'], { input: '1.4\n2.6\n' }),
      runInProcess(['quantize', '--format', 'float16'], { input: '0.1\n' }),
    ]);
    expect(a.stdout).toBe('1\n3\n');
    expect(b.stdout).toBe('0.0999755859375\n');
  });

  it('regression (fuzz): study status/report on a folder whose study.sqlite is not a database is a usage error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lowbit-runcli-'));
    mkdirSync(join(dir, 's'));
    writeFileSync(join(dir, 's', 'study.sqlite'), 'not a database at all, just some text to fill a page');
    for (const sub of ['status', 'report']) {
      const r = await runInProcess(['study', sub, join(dir, 's')]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^lowbit: .*not a database\n$/);
    }
  });

  it('regression (fuzz): study status/report on an SQLite database that is not a study is a usage error (was "no such table: study", exit 1)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lowbit-runcli-'));
    mkdirSync(join(dir, 's'));
    const db = new Database(join(dir, 's', 'study.sqlite'));
    db.exec('CREATE TABLE other (x INTEGER)');
    db.close();
    for (const sub of ['status', 'report']) {
      const r = await runInProcess(['study', sub, join(dir, 's')]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^lowbit: .*study\.sqlite is an SQLite database but not a lowbit study \(no table study, runs, epochs\)\n$/);
    }
  });

  it('regression: study run --out /proc/x fails fast (it looped in mkdirSync, ignoring SIGINT)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lowbit-runcli-'));
    const spec = { name: 's', base: { model: { type: 'mlp', hidden: [4] }, dataset: { name: 'synthetic', trainSize: 20, testSize: 10 }, optimizer: { type: 'sgd', lr: 0.1 }, epochs: 1, seed: 1 }, grid: [{ path: 'seed', values: [1] }] };
    writeFileSync(join(dir, 'spec.json'), JSON.stringify(spec));
    const r = await runInProcess(['study', 'run', join(dir, 'spec.json'), '--out', '/proc/x']);
    expect(r).toMatchObject({ code: 2, stderr: 'lowbit: --out: "/proc/x" is under /proc (a virtual file system); choose a folder on disk\n' });
  });
});
