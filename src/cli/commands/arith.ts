import type { Command } from 'commander';
import { arith, ARITH_ARITY, type ArithOp } from '../../../simulators/arith/arith.js';
import { parseCliNumber, roundCliNumber } from '../io/parseNumber.js';
import { formatResult } from '../io/formatOutput.js';
import { streamLineBatches, streamLines, type BatchAnswer } from '../io/lineStream.js';
import { arithArray } from '../../../simulators/arith/arithArray.js';
import { addNumericOptions, readNumericOptions, type NumericOptions } from './_numericOptions.js';
import { CliUsageError } from '../cliError.js';

/**
 * `lowbit arith --format SPEC --op add|sub|mul|div|sqrt|fma [...]`: one operation per stdin line, operands
 * separated by spaces. An operand that is already a value of the format passes unchanged (±inf too where the
 * format encodes infinities); any other is first quantized with the same mode; the exact result is rounded once.
 * Deterministic modes run in batches of lines through `arithArray` (the same bits, much faster); `sr` keeps one
 * line at a time so that its draws stay in line order (operands, then the result).
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
      if (opt.mode !== 'sr') {
        await streamLineBatches((lines, first) => batch(opt, op, lines, first));
        return;
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

/**
 * One batch of lines: operands parsed and rounded into the format line by line (stopping at a bad line), then
 * every parsed line's result in one `arithArray` call; operand flags join the result's.
 */
function batch(opt: NumericOptions, op: ArithOp, lines: string[], first: number): BatchAnswer {
  const arity = ARITH_ARITY[op];
  const cols = Array.from({ length: arity }, () => new Float64Array(lines.length));
  const opFlags = new Uint8Array(lines.length);
  let n = 0;
  let error: unknown;
  try {
    for (; n < lines.length; n++) {
      const parts = lines[n]!.trim().split(/\s+/).filter(Boolean);
      if (parts.length !== arity) {
        throw new CliUsageError(`line ${first + n}: ${op} takes ${arity} operand(s); got ${parts.length} in ${JSON.stringify(lines[n])}`);
      }
      for (let i = 0; i < arity; i++) {
        const q = toFormat(opt, parts[i]!, `line ${first + n} operand ${i + 1}:`);
        cols[i]![n] = q.value;
        opFlags[n]! |= q.flags;
      }
    }
  } catch (e) {
    error = e;
  }
  const r = arithArray(op, opt.spec as Parameters<typeof arithArray>[1], cols.map((c) => c.subarray(0, n)), { rounding: opt.mode, flags: true });
  const out = Array.from({ length: n }, (_, i) => formatResult(opt.spec, { value: r.values[i]!, flags: r.flags![i]! | opFlags[i]! }, opt.output, opt.flags));
  return error === undefined ? { out } : { out, error };
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
