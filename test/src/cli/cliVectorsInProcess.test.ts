import { describe, expect, it } from 'vitest';
import { cliMismatches, cliVectorToolJobs } from './_cliVectors.js';
import { runInProcess } from './_inProcess.js';

/**
 * The oracle vectors through the CLI's command code exactly as ../shared/tools/check-cli-vectors invokes it: one run
 * per file, op and mode, with a fixed `--op` and `--rounding` (arith's batched `arithArray` path), run in this
 * process (runCli with swapped stdin/stdout) so that the 779 runs cost no process start-up. The streaming-process
 * test (cliVectors.test.ts) covers the same lines through real processes, line by line.
 */
const BY_FILE = cliVectorToolJobs();

describe('lowbit quantize/arith on the oracle vectors, grouped as check-cli-vectors runs them', () => {
  it('779 runs (as many as the tool\'s processes) cover the 451,510 checks', () => {
    const jobs = [...BY_FILE.values()].flat();
    expect(jobs).toHaveLength(779);
    expect(jobs.reduce((n, j) => n + j.lines.length, 0)).toBe(451_510);
  });
  it.each([...BY_FILE.keys()])('%s', async (file) => {
    const bad: string[] = [];
    for (const job of BY_FILE.get(file)!) {
      const r = await runInProcess(job.args, { input: job.lines.join('\n') + '\n' });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const out = r.stdout.split('\n').slice(0, -1);
      expect(out).toHaveLength(job.lines.length);
      bad.push(...cliMismatches(job, out, 5).bad);
    }
    expect(bad.slice(0, 10)).toEqual([]);
  });
});
