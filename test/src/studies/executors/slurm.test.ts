/**
 * Slurm support without a Slurm cluster: the job-array script is checked as text, and its tasks are run the way
 * Slurm runs them (`lowbit study run-one DIR --index i`, here through the library), then merged by `collect`.
 * A single-node slurmctld/slurmd needs munge and root-owned state; it is not started in CI (docs/studies.md).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { prepareSlurmStudy, runOneTask, collectStudy } from '../../../../src/studies/executors/slurm.js';
import { validateStudySpec } from '../../../../src/studies/spec/studySpec.js';
import { studyStatus } from '../../../../src/studies/store/studyStatus.js';

const FAKE = fileURLToPath(new URL('../_fakeTrial.ts', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'lowbit-slurm-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('Slurm job array', () => {
  const out = join(tmp, 'study');
  const spec = validateStudySpec({ name: 'sl', base: { epochs: 2, seed: 1, x: 0 }, seeds: [1, 2], grid: [{ path: 'x', values: [1, 2] }] });

  it('writes a job-array script whose tasks run lowbit study run-one, one per run, and prepares the folder', async () => {
    const { script, tasks } = await prepareSlurmStudy(spec, { outDir: out, trialModule: FAKE, parallel: 2, time: '01:00:00', partition: 'cpu' });
    expect(tasks).toBe(4);
    const text = readFileSync(script, 'utf8');
    expect(text).toMatch(/^#!\/bin\/bash\n#SBATCH --job-name=lowbit-sl\n#SBATCH --array=0-3%2\n/);
    expect(text).toContain('#SBATCH --time=01:00:00');
    expect(text).toContain('#SBATCH --partition=cpu');
    expect(text).toMatch(/\nexport OMP_NUM_THREADS=1\n/);
    expect(text).toMatch(/\nexec '.*node[^']*' '.*\/dist\/cli\.js' study run-one '.*\/study' --index "\$SLURM_ARRAY_TASK_ID"\n$/);
    expect(studyStatus(out).counts).toEqual({ ok: 0, diverged: 0, failed: 0, running: 0, left: 4 });
    await expect(prepareSlurmStudy(spec, { outDir: out, trialModule: FAKE, time: '1; rm -rf /' })).rejects.toThrow(/^--time: must be letters, digits or _:.,-; got "1; rm -rf \/"$/);
  });

  it('runs tasks one by one (as Slurm would, a task possibly twice) and collects each run exactly once', async () => {
    for (const i of [0, 1, 2, 3, 1]) await runOneTask(out, i);
    expect(existsSync(join(out, 'runs', 'x=2__seed=2', 'result.json'))).toBe(true);
    await expect(runOneTask(out, 4)).rejects.toThrow(/^--index: must be an integer in \[0, 3\]; got 4$/);
    expect(collectStudy(out)).toEqual({ merged: 4, already: 0, missing: 0 });
    expect(collectStudy(out)).toEqual({ merged: 0, already: 4, missing: 0 });
    const db = new Database(join(out, 'study.sqlite'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const rows = db.prepare('SELECT name, status, attempts FROM runs ORDER BY idx').all();
    db.close();
    expect(rows).toEqual(['x=1__seed=1', 'x=1__seed=2', 'x=2__seed=1', 'x=2__seed=2'].map((name) => ({ name, status: 'ok', attempts: 1 })));
    expect(studyStatus(out).counts).toMatchObject({ ok: 4, left: 0 });
  });
});
