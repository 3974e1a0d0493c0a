import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { runInProcess } from '../src/cli/_inProcess.js';
import { canarySnapshot, makeFixtures, ROOT, type FuzzFolders } from './_fixtures.js';
import { fuzzCases, type FuzzCase } from './_cases.js';
import { materialise, problems, type Outcome } from './_harness.js';

/**
 * The same fuzz cases end to end in real processes (`node bin/lowbit.js …`, about a second each): what only a
 * process shows — the tfjs banner and stray console output, exit codes set by main(), uncaught errors, a stack on
 * stderr, EPIPE — checked on a smaller sample with its own fixed seed. Study runs are left to the in-process fuzz
 * (they fork workers).
 */
const CASES = Number(process.env.LOWBIT_FUZZ_SPAWNED ?? 16);
const SEED = 4211;

let f: FuzzFolders;
beforeAll(async () => {
  f = await makeFixtures(async (run, out) => {
    const r = await runInProcess(['export-binary', '--run', run, '--out', out]);
    if (r.code !== 0) throw new Error(`fixture export failed: ${r.stderr}`);
  });
});
afterAll(() => {
  if (f) rmSync(f.root, { recursive: true, force: true });
});

function spawnCli(args: string[], input: string, cwd: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'lowbit.js'), ...args], { cwd, env: { ...process.env, LOWBIT_DEBUG: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdin.on('error', () => {}); // a command that does not read stdin may exit before we finish writing
    child.stdin.end(input);
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : -1), stdout, stderr }));
  });
}

describe('CLI fuzz (spawned processes, fixed seed)', () => {
  it(`${CASES} cases as real processes: exit 0–3, one diagnostic line, no stack, canary untouched`, async () => {
    const before = canarySnapshot(f.canary);
    const cases = fc.sample(fuzzCases(f).filter((c: FuzzCase) => c.kind !== 'study run'), { seed: SEED, numRuns: CASES });
    const results: Array<{ args: string[]; problems: string[] }> = [];
    // two at a time: the machine has two cores
    for (let i = 0; i < cases.length; i += 2) {
      const batch = cases.slice(i, i + 2).map(async (c, j) => {
        const args = materialise(c, join(f.work, 'spawned', String(i + j)));
        const r = await spawnCli(args, c.input, f.work);
        results.push({ args, problems: problems(r).map((p) => `${p} | stderr: ${r.stderr.slice(0, 300)}`) });
      });
      await Promise.all(batch);
    }
    for (const r of results) expect(r.problems, JSON.stringify(r.args)).toEqual([]);
    expect(canarySnapshot(f.canary)).toBe(before);
    expect(results).toHaveLength(CASES);
  });
});
