import type { Command } from 'commander';
import { CliUsageError } from '../cliError.js';

/**
 * `lowbit verify --format SPEC --op OP [--from SPEC] [--rounding MODE] [--ignore-flags] [--nan-payload class|exact]
 * [--alpha P]`: reads test lines with a unit's results from stdin (the `testgen` format), checks each against
 * lowbit's oracle, prints every mismatch on one line, then `N tests, M errors`. Exit 1 when M > 0, 0 when none,
 * 2 on bad input. Under `sr` it also prints the frequency test of rounding up (Poisson-binomial, p-value).
 * The checker lives in `src/testing` (loaded when the command runs: no tfjs, mathjs, vega or SQLite).
 */
export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description("check a unit's results (TestFloat line format, from stdin) against lowbit")
    .requiredOption('--format <spec>', 'format of the result (see `lowbit formats`)')
    .requiredOption('--op <op>', 'add|sub|mul|div|sqrt|fma|convert')
    .option('--from <spec>', 'operand format of convert')
    .option('--rounding <mode>', 'rne|rna|rhu|rtz|raz|rup|rdn|rto|sr', 'rne')
    .option('--ignore-flags', 'compare results only, not flags', false)
    .option('--nan-payload <rule>', 'class (any quiet NaN matches a NaN result) or exact', 'class')
    .option('--alpha <p>', 'level of the sr frequency test', '0.001')
    .action(async (o: Record<string, unknown>) => {
      const { readTestOp } = await import('./_testUnitOptions.js');
      const { CaseVerifier } = await import('../../testing/caseVerifier.js');
      const { srReportLines } = await import('../../testing/srReportText.js');
      const { t, mode } = readTestOp(o);
      const rule = String(o.nanPayload);
      if (rule !== 'class' && rule !== 'exact') throw new CliUsageError(`--nan-payload: must be class or exact; got ${JSON.stringify(rule)}`);
      const alphaText = String(o.alpha);
      const alpha = Number(alphaText);
      if (!/^[0-9.eE+-]+$/.test(alphaText) || !(alpha > 0 && alpha < 1)) throw new CliUsageError(`--alpha: must be a number in (0, 1); got ${JSON.stringify(alphaText)}`);
      const v = new CaseVerifier(t, { rounding: mode, ignoreFlags: Boolean(o.ignoreFlags), nanPayload: rule, alpha });
      const { createInterface } = await import('node:readline');
      const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
      const out: string[] = [];
      const flush = () => {
        if (out.length) process.stdout.write(out.join('\n') + '\n');
        out.length = 0;
      };
      let n = 0;
      try {
        for await (const line of rl) {
          n++;
          if (line.trim() === '') continue;
          let why: string | undefined;
          try {
            why = v.check(line, n);
          } catch (e) {
            if (e instanceof RangeError) throw new CliUsageError(e.message);
            throw e;
          }
          if (why !== undefined) out.push(why);
          if (out.length >= 1024) flush();
        }
      } finally {
        flush();
      }
      const report = v.finish();
      if (report.sr) out.push(...srReportLines(report.sr));
      out.push(`${report.tests} tests, ${report.errors} errors`);
      flush();
      process.exitCode = report.errors > 0 ? 1 : 0;
    });
}
