import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { runInProcess } from '../src/cli/_inProcess.js';
import { loadStudySpec } from '../../src/studies/spec/loadStudySpec.js';
import { expandGrid } from '../../src/studies/spec/grid.js';
import { canarySnapshot, makeFixtures, TINY_CONFIG, type FuzzFolders } from './_fixtures.js';
import { fuzzCases, type FuzzCase } from './_cases.js';
import { materialise, problems } from './_harness.js';
import { guardWrites } from './_fsGuard.js';
import { formatSpecs, jsonMutations, mutateJson } from './_arbitraries.js';
import { PRESET_IDS } from '../../simulators/formats/presets.js';

/**
 * Issue 11's fuzz: random and mutated configs, study specs, model files, cost models and stdin lines, fed to every
 * command in this process through runCli (the same code path as `bin/lowbit.js`). For every case: exit code 0–3,
 * at most one diagnostic stderr line and no stack, no file written outside the case's temp folder (fs calls are
 * watched; a canary folder that hostile paths point to must stay untouched), RSS under 2 GB, and an unpolluted
 * Object.prototype.
 * LOWBIT_FUZZ_CASES overrides the case count (default 10,000); the seed is fixed.
 */
const CASES = Number(process.env.LOWBIT_FUZZ_CASES ?? 10_000);
const SEED = 1124;
const RSS_LIMIT = 2 * 1024 ** 3;
/** `study run` on a valid spec forks worker processes (about a second each): only this many, each of ≤ 2 points. */
const VALID_STUDY_RUNS = 3;
const PROTO_KEYS = Object.getOwnPropertyNames(Object.prototype).length;

let f: FuzzFolders;
const exitOnes = new Map<string, string>();
const byKind = new Map<string, number[]>();

beforeAll(async () => {
  f = await makeFixtures(async (run, out) => {
    const r = await runInProcess(['export-binary', '--run', run, '--out', out]);
    if (r.code !== 0) throw new Error(`fixture export failed: ${r.stderr}`);
  });
});

afterAll(() => {
  if (f) rmSync(f.root, { recursive: true, force: true });
});

/** A valid study spec would fork workers: allow a few small ones, skip the rest (fc.pre). */
let validStudies = 0;
function studyBudget(c: FuzzCase, args: string[]): boolean {
  if (c.kind !== 'study run') return true;
  let points: number;
  try {
    points = expandGrid(loadStudySpec(args[2]!), { quick: args.includes('--quick') }).length;
  } catch {
    return true; // invalid: the CLI must refuse it quickly
  }
  if (points > 2 || validStudies >= VALID_STUDY_RUNS) return false;
  validStudies++;
  return true;
}

async function runCase(c: FuzzCase, n: number): Promise<{ args: string[]; problems: string[] } | undefined> {
  const args = materialise(c, join(f.work, 'cases', String(n)));
  if (!studyBudget(c, args)) return undefined;
  const t0 = performance.now();
  const r = await runInProcess(args, { input: c.input, cwd: f.work });
  const ms = performance.now() - t0;
  (byKind.get(c.kind) ?? byKind.set(c.kind, []).get(c.kind)!).push(ms);
  if (r.code === 1) exitOnes.set(r.stderr.split('\n')[0]!.replace(/\/tmp\/lowbit-fuzz-\w+/g, '…').slice(0, 240), JSON.stringify(args));
  const p = problems(r);
  if (process.memoryUsage().rss > RSS_LIMIT) p.push(`RSS ${(process.memoryUsage().rss / 1e9).toFixed(2)} GB`);
  // hostile keys (__proto__, constructor, prototype) in files and paths must never reach Object.prototype
  if (Object.getOwnPropertyNames(Object.prototype).length !== PROTO_KEYS || 'polluted' in {}) p.push('Object.prototype was polluted');
  return { args, problems: p.map((x) => `${x} | stderr: ${r.stderr.slice(0, 300)}`) };
}

describe('CLI fuzz (in-process, fixed seed)', () => {
  it(`${CASES} cases over every command: exit 0–3, one diagnostic line, no stack, no write outside the temp folder, RSS < 2 GB`, async () => {
    const before = canarySnapshot(f.canary);
    const guard = guardWrites([f.work]);
    let n = 0;
    const t0 = performance.now();
    try {
      await fc.assert(
        fc.asyncProperty(fuzzCases(f), async (c) => {
          const res = await runCase(c, n++);
          fc.pre(res !== undefined);
          expect(res!.problems, JSON.stringify(res!.args)).toEqual([]);
          expect(guard.violations, `writes outside the work folder after ${JSON.stringify(res!.args)}`).toEqual([]);
        }),
        { seed: SEED, numRuns: CASES, endOnFailure: true, maxSkipsPerRun: 10 },
      );
    } finally {
      guard.restore();
    }
    const secs = (performance.now() - t0) / 1000;
    expect(canarySnapshot(f.canary)).toBe(before);
    const summary = [...byKind].map(([k, ms]) => `${k} ${ms.length} (${(ms.reduce((a, b) => a + b, 0) / ms.length).toFixed(1)} ms)`).join(', ');
    console.log(`fuzz: ${n} cases in ${secs.toFixed(1)} s; ${summary}; valid study runs ${validStudies}`);
    if (exitOnes.size) console.log(`fuzz: ${exitOnes.size} distinct internal errors (exit 1):\n${[...exitOnes].map(([m, a]) => `  ${m}\n    ${a}`).join('\n')}`);
  }, 900_000);

  it('tiny real trainings on mutated formats and learning rates: exit 0–3, one diagnostic line, nothing outside', async () => {
    const guard = guardWrites([f.work]);
    let n = 0;
    try {
      await fc.assert(
        fc.asyncProperty(formatSpecs(PRESET_IDS, f.canary), fc.constantFrom(0.1, 10, 1e30), fc.constantFrom('sgd', 'adam'), jsonMutations(f.canary), async (fmt, lr, type, m) => {
          const cfg = { ...TINY_CONFIG, policy: { default: { weight: { format: fmt }, activation: { format: fmt } } }, optimizer: { type, lr } };
          const text = m.muts.length && m.muts[0]![1] % 3 === 0 ? mutateJson(cfg, m.muts.slice(0, 1)) : JSON.stringify(cfg);
          const c: FuzzCase = { kind: 'train (real)', args: ['train', '--config', '{case}/cfg.json', '--out', '{case}/run', '--no-progress'], input: '', files: [['cfg.json', text]] };
          const res = (await runCase(c, 1_000_000 + n++))!;
          expect(res.problems, JSON.stringify(res.args)).toEqual([]);
          expect(guard.violations).toEqual([]);
        }),
        { seed: SEED, numRuns: 12, endOnFailure: true },
      );
    } finally {
      guard.restore();
    }
  });
});
