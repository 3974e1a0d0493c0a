import type { Command } from 'commander';
import { CliUsageError } from '../cliError.js';

/**
 * `lowbit testgen --format SPEC --op add|sub|mul|div|sqrt|fma|convert [--from SPEC] [--rounding MODE] [--level 1|2]
 * [--seed N] [--count N]`: writes test cases to stdout in TestFloat's line format (operands, expected result, flags;
 * upper-case hex), for a user's arithmetic unit to compute and `lowbit verify` (or `testfloat_ver`) to check.
 * The case generator lives in `src/testing` (loaded when the command runs: no tfjs, mathjs, vega or SQLite).
 */
export function registerTestgen(program: Command): void {
  program
    .command('testgen')
    .description('write test cases for an arithmetic unit (TestFloat line format) to stdout')
    .requiredOption('--format <spec>', 'format of the result (see `lowbit formats`)')
    .requiredOption('--op <op>', 'add|sub|mul|div|sqrt|fma|convert')
    .option('--from <spec>', 'operand format of convert')
    .option('--rounding <mode>', 'rne|rna|rhu|rtz|raz|rup|rdn|rto|sr', 'rne')
    .option('--level <n>', '1 (special, tie, threshold and random cases) or 2 (denser; exhaustive for small formats)', '1')
    .option('--seed <n>', 'seed of the random cases and the sr draws (integer)', '1')
    .option('--count <n>', 'write at most N lines')
    .action(async (o: Record<string, unknown>) => {
      const { readTestOp, readIntOption } = await import('./_testUnitOptions.js');
      const { generateTestCases } = await import('../../testing/generateTestCases.js');
      const { formatCaseLine } = await import('../../testing/caseLine.js');
      const { t, mode } = readTestOp(o);
      const level = String(o.level);
      if (level !== '1' && level !== '2') throw new CliUsageError(`--level: must be 1 or 2; got ${JSON.stringify(level)}`);
      const seed = readIntOption('--seed', o.seed, -(2 ** 53) + 1);
      const count = o.count === undefined ? Infinity : readIntOption('--count', o.count, 0);
      const cases = generateTestCases(t, { level: Number(level) as 1 | 2, seed, count, rounding: mode });
      const out = new ChunkWriter();
      for (const c of cases) if (!(await out.line(formatCaseLine(t, c)))) break;
      await out.flush();
      if (cases.skipped) {
        process.stderr.write(`lowbit testgen: left out ${cases.skipped} case(s) whose result is NaN, which the format cannot encode\n`);
      }
    });
}

/**
 * Buffers lines and writes them in chunks, waiting for stdout to drain. A closed pipe (`lowbit testgen … | head`)
 * stops the generation quietly.
 */
class ChunkWriter {
  private buf: string[] = [];
  private closed = false;

  constructor() {
    process.stdout.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
      this.closed = true;
      process.stdout.emit('drain');
    });
  }

  /** Adds a line; false once the reader has gone. */
  async line(s: string): Promise<boolean> {
    this.buf.push(s);
    if (this.buf.length >= 4096) await this.flush();
    return !this.closed;
  }

  async flush(): Promise<void> {
    if (!this.buf.length || this.closed) return;
    const chunk = this.buf.join('\n') + '\n';
    this.buf = [];
    if (!process.stdout.write(chunk)) await new Promise((r) => process.stdout.once('drain', r));
  }
}
