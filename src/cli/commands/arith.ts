import type { Command } from 'commander';
import { arith, ARITH_ARITY, type ArithOp } from '../../../simulators/arith/arith.js';
import { formatResult } from '../io/formatOutput.js';
import { streamLines } from '../io/lineStream.js';
import { addNumericOptions, readNumber, readNumericOptions, splitLine, PER_LINE } from './_numericOptions.js';
import { CliUsageError } from '../cliError.js';

const OPS = Object.keys(ARITH_ARITY).join(', ');

/**
 * `lowbit arith --format SPEC --op add|sub|mul|div|sqrt|fma|per-line [same options as quantize]`: one operation
 * per stdin line, operands separated by spaces, computed by the library's `arith` (which decides how operands
 * enter the format: a value of the format passes unchanged, anything else is converted first). With `--input
 * code` operands are hex codes of the format; with `--op per-line` each line starts with its op (after the
 * rounding mode when `--rounding per-line`).
 */
export function registerArith(program: Command): void {
  addNumericOptions(program.command('arith').description('correctly rounded arithmetic on operands from stdin'))
    .requiredOption('--op <op>', `${Object.keys(ARITH_ARITY).join('|')}, or ${PER_LINE} (each line starts with its op)`)
    .action(async (o: Record<string, unknown>) => {
      const opt = readNumericOptions(o, 'format');
      const opText = String(o.op);
      const fixedOp = opText === PER_LINE ? undefined : checkOp(opText, '--op:');
      if (opt.spec.kind !== 'float' && opt.spec.kind !== 'fixed') {
        throw new CliUsageError(`--format: arith needs a float or fixed format; got a ${opt.spec.kind} format`);
      }
      await streamLines((line, n) => {
        const { mode, fields } = splitLine(opt, line, n);
        let op = fixedOp;
        if (op === undefined) {
          if (fields.length === 0) throw new CliUsageError(`line ${n}: --op ${PER_LINE} needs an op first on each line; got ${JSON.stringify(line)}`);
          op = checkOp(fields.shift()!, `line ${n}: op`);
        }
        if (fields.length !== ARITH_ARITY[op]) {
          throw new CliUsageError(`line ${n}: ${op} takes ${ARITH_ARITY[op]} operand(s); got ${fields.length} in ${JSON.stringify(line.length > 80 ? line.slice(0, 80) + '…' : line)}`);
        }
        const xs = fields.map((p, i) => readNumber(opt, p, `line ${n} operand ${i + 1}:`, mode));
        return formatResult(opt.spec, arith(op, opt.spec, xs, { rounding: mode, rng: opt.rng }), opt.output, opt.flags);
      });
    });
}

/** An op name, looked up as an own property (so `toString` or `__proto__` are not ops). */
function checkOp(text: string, where: string): ArithOp {
  if (!Object.hasOwn(ARITH_ARITY, text)) throw new CliUsageError(`${where} must be one of ${OPS} (or ${PER_LINE}); got ${JSON.stringify(text)}`);
  return text as ArithOp;
}
