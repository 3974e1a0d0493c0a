import type { Command } from 'commander';
import { quantizeInput } from '../../../simulators/exactInput.js';
import { formatResult } from '../io/formatOutput.js';
import { streamLines } from '../io/lineStream.js';
import { addNumericOptions, checkMode, readNumber, readNumericOptions, splitLine, PER_LINE } from './_numericOptions.js';
import type { RoundingMode } from '../../../simulators/rounding/roundingMode.js';
import { CliUsageError } from '../cliError.js';
import { answerBlockLine, checkBlockOutput, isBlockFormat } from '../io/blockLines.js';

/**
 * `lowbit quantize --format SPEC [--rounding MODE|per-line] [--seed N] [--input value|code [--from SPEC]]
 * [--output value|f64|code] [--flags]`: reads numbers from stdin, one per line, and writes each converted once
 * into the format (`quantizeInput`: the library decides, the command only parses and prints), in order, streaming.
 * With `--input code` each line is a hex bit code of `--from` (default float64); with `--rounding per-line` each
 * line starts with its rounding mode.
 */
export function registerQuantize(program: Command): void {
  addNumericOptions(program.command('quantize').description('round numbers from stdin (one per line) into a format'))
    .option('--from <spec>', 'format of --input code numbers (default float64)')
    .action(async (o: Record<string, unknown>) => {
      const opt = readNumericOptions(o, 'from');
      if (isBlockFormat(opt.spec)) {
        // block and scaled formats: one vector per line (contract in src/cli/io/blockLines.ts)
        const output = checkBlockOutput(opt.output, opt.flags);
        const read = { number: (t: string, what: string, m: RoundingMode) => readNumber(opt, t, what, m), mode: (t: string, where: string) => checkMode(opt.spec, t, where) };
        return streamLines((line, n) => answerBlockLine(opt.spec, line, n, opt.mode, opt.rng, output, read));
      }
      await streamLines((line, n) => {
        const { mode, fields } = splitLine(opt, line, n);
        if (fields.length !== 1) {
          const want = opt.mode === undefined ? `a rounding mode (--rounding ${PER_LINE}) and one number` : 'one number';
          throw new CliUsageError(`line ${n}: expected ${want}; got ${JSON.stringify(line.length > 80 ? line.slice(0, 80) + '…' : line)}`);
        }
        const x = readNumber(opt, fields[0]!, `line ${n}:`, mode);
        const r = quantizeInput(opt.spec, x, { rounding: mode, rng: opt.rng });
        return formatResult(opt.spec, r, opt.output, opt.flags);
      });
    });
}
