import type { Command } from 'commander';
import { arith, ARITH_ARITY, type ArithOp } from '../../../simulators/arith/arith.js';
import { formatResult } from '../io/formatOutput.js';
import { streamLineBatches, streamLines, type BatchAnswer } from '../io/lineStream.js';
import { arithArray } from '../../../simulators/arith/arithArray.js';
import { arithOperand, resolveInput } from '../../../simulators/exactInput.js';
import { handlerFor } from '../../../simulators/registry.js';
import type { RoundingMode } from '../../../simulators/rounding/roundingMode.js';
import type { NumericOptions } from './_numericOptions.js';
import { addNumericOptions, readNumber, readNumericOptions, splitLine, PER_LINE } from './_numericOptions.js';
import { CliUsageError } from '../cliError.js';

const OPS = Object.keys(ARITH_ARITY).join(', ');

/**
 * `lowbit arith --format SPEC --op add|sub|mul|div|sqrt|fma|per-line [same options as quantize]`: one operation
 * per stdin line, operands separated by spaces, computed by the library's `arith` (which decides how operands
 * enter the format: a value of the format passes unchanged, anything else is converted first). With `--input
 * code` operands are hex codes of the format; with `--op per-line` each line starts with its op (after the
 * rounding mode when `--rounding per-line`). With one op and one deterministic mode, lines are answered in
 * batches of 4096 through `arithArray` (the same bits); `sr` and per-line modes or ops go line by line.
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
      if (fixedOp !== undefined && opt.mode !== undefined && opt.mode !== 'sr') {
        const [op, mode] = [fixedOp, opt.mode];
        await streamLineBatches((lines, first) => batch(opt, op, mode, lines, first));
        return;
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

/**
 * One batch of lines with one op and one deterministic mode: each operand enters the format as `arith` takes it
 * (`arithOperand`: a value passes unchanged, anything else is converted, flags kept), line by line up to a bad
 * line; then every parsed line's result comes from one `arithArray` call, operand flags joining the result's.
 */
function batch(opt: NumericOptions, op: ArithOp, mode: RoundingMode, lines: string[], first: number): BatchAnswer {
  const arity = ARITH_ARITY[op];
  const spec = opt.spec as Parameters<typeof arithArray>[1] & Parameters<typeof handlerFor>[0];
  const h = handlerFor(spec);
  const cols = Array.from({ length: arity }, () => new Float64Array(lines.length));
  const opFlags = new Uint8Array(lines.length);
  let n = 0;
  let error: unknown;
  try {
    for (; n < lines.length; n++) {
      const line = lines[n]!;
      const { fields } = splitLine(opt, line, first + n);
      if (fields.length !== arity) {
        throw new CliUsageError(`line ${first + n}: ${op} takes ${arity} operand(s); got ${fields.length} in ${JSON.stringify(line.length > 80 ? line.slice(0, 80) + '…' : line)}`);
      }
      for (let i = 0; i < arity; i++) {
        const x = readNumber(opt, fields[i]!, `line ${first + n} operand ${i + 1}:`, mode);
        const q = arithOperand(spec, h, resolveInput('arith', `operand ${i}`, x), mode, () => 0);
        cols[i]![n] = q.value;
        opFlags[n]! |= q.flags;
      }
    }
  } catch (e) {
    error = e;
  }
  const r = arithArray(op, spec, cols.map((c) => c.subarray(0, n)), { rounding: mode, flags: true });
  const out = Array.from({ length: n }, (_, i) => formatResult(opt.spec, { value: r.values[i]!, flags: r.flags![i]! | opFlags[i]! }, opt.output, opt.flags));
  return error === undefined ? { out } : { out, error };
}
