import type { Command } from 'commander';
import { arith, ARITH_ARITY, type ArithOp } from '../../../simulators/arith/arith.js';
import { parseCliNumber, roundCliNumber } from '../io/parseNumber.js';
import { formatResult } from '../io/formatOutput.js';
import { streamLines } from '../io/lineStream.js';
import { addNumericOptions, readNumericOptions, type NumericOptions } from './_numericOptions.js';
import { CliUsageError } from '../cliError.js';

/**
 * `lowbit arith --format SPEC --op add|sub|mul|div|sqrt|fma [...]`: one operation per stdin line, operands
 * separated by spaces. An operand that is already a value of the format passes unchanged (±inf too where the
 * format encodes infinities); any other is first quantized with the same mode; the exact result is rounded once.
 */
export function registerArith(program: Command): void {
  addNumericOptions(program.command('arith').description('correctly rounded arithmetic on operands from stdin'))
    .requiredOption('--op <op>', Object.keys(ARITH_ARITY).join('|'))
    .action(async (o: Record<string, unknown>) => {
      const opt = readNumericOptions(o);
      const op = String(o.op) as ArithOp;
      if (!(op in ARITH_ARITY)) throw new CliUsageError(`--op: must be one of ${Object.keys(ARITH_ARITY).join(', ')}; got ${JSON.stringify(o.op)}`);
      if (opt.spec.kind !== 'float' && opt.spec.kind !== 'fixed') {
        throw new CliUsageError(`--format: arith needs a float or fixed format; got a ${opt.spec.kind} format`);
      }
      await streamLines((line, n) => {
        const parts = line.trim().split(/\s+/).filter(Boolean);
        if (parts.length !== ARITH_ARITY[op]) {
          throw new CliUsageError(`line ${n}: ${op} takes ${ARITH_ARITY[op]} operand(s); got ${parts.length} in ${JSON.stringify(line)}`);
        }
        let flags = 0;
        const xs = parts.map((p, i) => {
          const q = toFormat(opt, p, `line ${n} operand ${i + 1}:`);
          flags |= q.flags;
          return q.value;
        });
        const r = arith(op, opt.spec, xs, { rounding: opt.mode, u: opt.mode === 'sr' ? opt.rng.uniform() : undefined });
        return formatResult(opt.spec, { value: r.value, flags: r.flags | flags }, opt.output, opt.flags);
      });
    });
}

/** An operand as a value of the format: unchanged when it already is one, else quantized once (exactly). */
function toFormat(opt: NumericOptions, text: string, what: string): { value: number; flags: number } {
  let x;
  try {
    x = parseCliNumber(text, what);
  } catch (e) {
    throw new CliUsageError((e as Error).message);
  }
  return roundCliNumber(opt.spec, x, opt.mode, opt.mode === 'sr' ? opt.rng.uniform() : 0);
}
