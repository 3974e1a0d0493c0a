import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runStudy, type StudyEvent } from '../../../src/studies/runStudy.js';
import { validateStudySpec } from '../../../src/studies/spec/studySpec.js';
import { StudyStore } from '../../../src/studies/store/studyStore.js';
import { studyStatus } from '../../../src/studies/store/studyStatus.js';
import { fakeError } from './_fakeTrial.js';

const FAKE = fileURLToPath(new URL('./_fakeTrial.ts', import.meta.url));
const dirs: string[] = [];
const fresh = () => {
  const d = mkdtempSync(join(tmpdir(), 'lowbit-run-'));
  dirs.push(d);
  return join(d, 'study');
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const modes = (values: string[], extra: Record<string, unknown> = {}) =>
  validateStudySpec({ name: 'modes', base: { epochs: 3, seed: 1, x: 2, sleepMs: 20, bits: 8, ...extra }, grid: [{ path: 'mode', values }] });

describe('runStudy', () => {
  it('records every outcome; a failing or crashing run does not stop the others', async () => {
    const outDir = fresh();
    const events: StudyEvent[] = [];
    const s = await runStudy(modes(['ok', 'throw', 'crash', 'diverge']), { outDir, jobs: 2, trialModule: FAKE, onEvent: (e) => events.push(e) });
    expect(s).toMatchObject({ total: 4, ran: 4, ok: 1, diverged: 1, failed: 2, skipped: 0, interrupted: false });
    const store = StudyStore.open(outDir, { readonly: true });
    const runs = new Map(store.runs().map((r) => [r.name, r]));
    expect(runs.get('mode=ok')).toMatchObject({ status: 'ok', seed: 1, backend: 'fake', versions: { fake: '1' }, energyPj: 800, memoryBits: 8000, attempts: 1 });
    expect(runs.get('mode=ok')!.finalTestError).toBeCloseTo(fakeError(2, 1, 3), 12);
    expect(store.epochs('mode=ok').map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(runs.get('mode=throw')!.error).toMatch(/fake trial: exploded at epoch 2/);
    expect(runs.get('mode=crash')!.error).toMatch(/^worker exited with code 7 before reporting a result\n--- stderr tail ---\n[\s\S]*fake trial: about to crash/);
    expect(store.epochs('mode=crash').map((e) => e.epoch)).toEqual([1]); // the epochs it reported before dying
    expect(runs.get('mode=diverge')).toMatchObject({ status: 'diverged', error: 'train loss is NaN' });
    expect(runs.get('mode=ok')!.config).toEqual({ epochs: 3, seed: 1, x: 2, sleepMs: 20, bits: 8, mode: 'ok' });
    store.close();
    expect(JSON.parse(readFileSync(join(outDir, 'runs', 'mode=ok', 'config.json'), 'utf8')).mode).toBe('ok');
    expect(readFileSync(join(outDir, 'runs', 'mode=crash', 'worker.log'), 'utf8')).toMatch(/about to crash/);
    expect(events.filter((e) => e.type === 'epoch' && e.name === 'mode=ok')).toHaveLength(3);
    expect(events[0]).toMatchObject({ type: 'plan', total: 4, todo: 4, epochsPerRun: 3 });
  });

  it('skips finished runs on a second invocation and retries only the failed ones', async () => {
    const outDir = fresh();
    const spec = modes(['ok', 'throw', 'diverge']);
    await runStudy(spec, { outDir, jobs: 2, trialModule: FAKE });
    const before = StudyStore.open(outDir, { readonly: true });
    const ok1 = before.run('mode=ok')!;
    before.close();
    const again = await runStudy(spec, { outDir, jobs: 2, trialModule: FAKE });
    expect(again).toMatchObject({ total: 3, skipped: 2, ran: 1, failed: 1 });
    const none = await runStudy(spec, { outDir, jobs: 2, trialModule: FAKE, retryFailed: false });
    expect(none).toMatchObject({ skipped: 3, ran: 0 });
    const after = StudyStore.open(outDir, { readonly: true });
    expect(after.run('mode=ok')).toMatchObject({ attempts: 1, finishedAt: ok1.finishedAt });
    expect(after.run('mode=throw')!.attempts).toBe(2);
    expect(after.runs()).toHaveLength(3);
    after.close();
  });

  it('refuses a changed spec in the same folder before running anything', async () => {
    const outDir = fresh();
    await runStudy(modes(['ok']), { outDir, jobs: 1, trialModule: FAKE });
    await expect(runStudy(modes(['ok'], { x: 3 }), { outDir, jobs: 1, trialModule: FAKE })).rejects.toThrow(
      /^--out .*: run mode=ok was recorded with a different config than the spec gives now; use another --out/,
    );
  });

  it('validates every grid point with the trial module before anything runs', async () => {
    const outDir = fresh();
    const bad = validateStudySpec({ name: 'bad', base: { epochs: 1, seed: 1, x: 0 }, grid: [{ path: 'epochs', values: [1, 0] }] });
    await expect(runStudy(bad, { outDir, trialModule: FAKE })).rejects.toThrow(/^grid\[0\]\.values\[1\]: must be an integer >= 1; got 0$/);
    expect(existsSync(outDir)).toBe(false);
    await expect(runStudy(bad, { outDir, trialModule: FAKE, jobs: 0 })).rejects.toThrow(/^--jobs: must be an integer >= 1; got 0$/);
    await expect(runStudy(bad, { outDir, trialModule: join(tmpdir(), 'no-such-trial.ts') })).rejects.toThrow();
  });

  it('refuses a folder that a live runner holds', async () => {
    const outDir = fresh();
    await runStudy(modes(['ok']), { outDir, jobs: 1, trialModule: FAKE });
    const s = StudyStore.open(outDir);
    s.setMeta({ runner_pid: String(process.ppid) });
    s.close();
    await expect(runStudy(modes(['ok']), { outDir, jobs: 1, trialModule: FAKE })).rejects.toThrow(/this study folder is being run by process \d+/);
  });

  it('an abort drops the runs in flight (left as running) and the next invocation finishes them', async () => {
    const outDir = fresh();
    const spec = validateStudySpec({ name: 'slow', base: { epochs: 2, seed: 1, x: 0, sleepMs: 400 }, grid: [{ path: 'x', values: [1, 2, 3] }] });
    const ac = new AbortController();
    const s = await runStudy(spec, { outDir, jobs: 2, trialModule: FAKE, signal: ac.signal, onEvent: (e) => e.type === 'epoch' && ac.abort() });
    expect(s.interrupted).toBe(true);
    const st = studyStatus(outDir);
    expect(st.counts).toMatchObject({ ok: 0, left: 3 });
    const done = await runStudy(spec, { outDir, jobs: 2, trialModule: FAKE });
    expect(done).toMatchObject({ ran: 3, ok: 3 });
    expect(studyStatus(outDir).counts).toMatchObject({ ok: 3, left: 0, running: 0 });
  });
});
