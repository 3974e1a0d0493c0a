import { describe, expect, it } from 'vitest';
import { cliMismatches, cliVectorJobs, pyRepr } from './_cliVectors.js';
import { streamCli } from './_run.js';

/**
 * CLI conformance on the oracle vectors (issue 17): every line of every float convert/ops file in all seven modes
 * and every fixed-point line in all six, through `lowbit quantize` / `lowbit arith`, one streaming process per
 * file. `npm test` checks a deterministic 1-in-10 sample; `LOWBIT_CONFORMANCE=full` (run by `.ci/run`) checks all
 * 451,510, the same checks as ../shared/tools/check-cli-vectors, plus the flags.
 */
const FULL = process.env.LOWBIT_CONFORMANCE === 'full';
const JOBS = cliVectorJobs(FULL ? 1 : 10);

describe(`lowbit CLI agrees with the oracle vectors (${FULL ? 'full set' : '1-in-10 sample'})`, () => {
  it('the full set is the 451,510 checks of check-cli-vectors', () => {
    if (FULL) expect(JOBS.reduce((n, j) => n + j.lines.length, 0)).toBe(451_510);
    else expect(cliVectorJobs(1).reduce((n, j) => n + j.lines.length, 0)).toBe(451_510);
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
