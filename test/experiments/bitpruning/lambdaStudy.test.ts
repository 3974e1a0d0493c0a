import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadStudySpec, runStudy, StudyStore } from '../../../src/studies/index.js';
import { runDir } from '../../../src/studies/executors/executor.js';
import { runCli } from '../../src/cli/_run.js';

describe('BitPruning lambda sweep through lowbit study run (issue 12)', () => {
  it('runs the grid over bitPruning.lambda (quick); each run\'s energy column equals lowbit cost of its saved model', async () => {
    // Arrange: the shipped spec, shrunk by its quick overrides (1 learn + 1 fine-tune epoch on 500 images)
    const outDir = join(mkdtempSync(join(tmpdir(), 'lowbit-lambda-')), 'study');
    const spec = loadStudySpec(new URL('../../../experiments/bitpruning/lambda-study.json', import.meta.url).pathname);
    // Act
    await runStudy(spec, { outDir, jobs: 1, quick: true });
    // Assert
    const store = StudyStore.open(outDir);
    const runs = store.runs();
    store.close();
    expect(runs.map((r) => [r.name, r.status])).toEqual([['lambda=0.1', 'ok'], ['lambda=0.5', 'ok'], ['lambda=2', 'ok']]);
    for (const r of runs) {
      const cost = runCli(['cost', '--model', join(runDir(outDir, r.name), 'model', 'model.json'), '--phase', 'training', '--format', 'json']);
      expect(cost.code).toBe(0);
      expect(JSON.parse(cost.stdout).totals.energyPj).toBe(r.energyPj);
    }
    // a larger lambda prices a smaller model (learned widths, not the config's float32)
    expect(runs[2]!.energyPj!).toBeLessThan(runs[0]!.energyPj!);
  }, 600_000);
});
