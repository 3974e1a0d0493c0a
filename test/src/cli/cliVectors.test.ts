import { describe, expect, it } from 'vitest';
import { cliMismatches, cliVectorJobs, pyRepr } from './_cliVectors.js';
import { streamCli } from './_run.js';

/**
 * CLI conformance on the oracle vectors (issue 17): every line of every float convert/ops file in all seven modes
 * and every fixed-point line in all six, through `lowbit quantize` / `lowbit arith`, one streaming process per
 * file: the 451,510 checks of ../shared/tools/check-cli-vectors, plus the flags. The full set runs in `npm test`:
 * its cost is the 38 process start-ups, not the lines (a 14,000-line file adds well under a second).
 * `LOWBIT_CONFORMANCE_EVERY=N` checks every N-th line of each file only (a quick local run).
 */
const EVERY = Number(process.env.LOWBIT_CONFORMANCE_EVERY ?? 1);
const JOBS = cliVectorJobs(EVERY);

describe('lowbit CLI agrees with the oracle vectors', () => {
  it('the set is the 451,510 checks of check-cli-vectors', () => {
    const all = EVERY === 1 ? JOBS : cliVectorJobs(1);
    expect(all.reduce((n, j) => n + j.lines.length, 0)).toBe(451_510);
  });
  it.each(JOBS.map((j) => [j.name, j] as const))('%s', async (_, job) => {
    const r = await streamCli(job.args, job.lines);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toHaveLength(job.lines.length);
    const { bad, agree } = cliMismatches(job, r.out);
    expect(bad).toEqual([]);
    expect(agree).toBe(job.lines.length);
  });
  it("operands are written as Python's repr writes them (the tool's contract)", () => {
    expect([0.0625, 1e-5, -0, 5431.514450073242, 1e16, 123, 1.5e-7].map(pyRepr)).toEqual(['0.0625', '1e-05', '-0.0', '5431.514450073242', '1e+16', '123.0', '1.5e-07']);
  });
});
