import type { Command } from 'commander';
import { parseCliNumber, roundCliNumber } from '../io/parseNumber.js';
import { formatResult } from '../io/formatOutput.js';
import { streamLines } from '../io/lineStream.js';
import { addNumericOptions, readNumericOptions } from './_numericOptions.js';
import { CliUsageError } from '../cliError.js';
import { answerBlockLine, checkBlockOutput, isBlockFormat } from '../io/blockLines.js';

/**
 * `lowbit quantize --format SPEC [--rounding MODE] [--seed N] [--output value|f64|code] [--flags]`: reads numbers
 * from stdin, one per line, and writes each rounded once into the format, in order, streaming.
 */
export function registerQuantize(program: Command): void {
  addNumericOptions(program.command('quantize').description('round numbers from stdin (one per line) into a format')).action(
    async (o: Record<string, unknown>) => {
      const opt = readNumericOptions(o);
      if (isBlockFormat(opt.spec)) {
        // block and scaled formats: one vector per line (contract in src/cli/io/blockLines.ts)
        const output = checkBlockOutput(String(o.output), opt.flags);
        return streamLines((line, n) => answerBlockLine(opt.spec, line, n, opt.mode, opt.rng, output));
      }
      await streamLines((line, n) => {
        let x;
        try {
          x = parseCliNumber(line, `line ${n}:`);
        } catch (e) {
          throw new CliUsageError((e as Error).message);
        }
        const u = opt.mode === 'sr' ? opt.rng.uniform() : 0;
        const r = roundCliNumber(opt.spec, x, opt.mode, u);
        return formatResult(opt.spec, r, opt.output, opt.flags);
      });
    },
  );
}
