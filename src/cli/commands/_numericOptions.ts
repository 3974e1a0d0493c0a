import type { Command } from 'commander';
import { parseFormat } from '../../../simulators/formats/parseFormat.js';
import type { FormatSpec } from '../../../simulators/formats/formatSpec.js';
import { isRoundingMode, ROUNDING_MODES, type RoundingMode } from '../../../simulators/rounding/roundingMode.js';
import { handlerFor } from '../../../simulators/registry.js';
import { Rng } from '../../../simulators/random/rng.js';
import type { ExactInput } from '../../../simulators/exactInput.js';
import { OUTPUT_KINDS, type OutputKind } from '../io/formatOutput.js';
import { FLOAT64, parseCliCode, parseCliNumber } from '../io/parseNumber.js';
import { CliUsageError } from '../cliError.js';

/** The value of `--rounding` or `--op` that makes every input line start with its own mode or op. */
export const PER_LINE = 'per-line';

/** How input numbers are written: the value syntax (decimals, float64 bits, P/Q) or bit codes of a format. */
export type InputKind = 'value' | 'code';
const INPUT_KINDS: readonly InputKind[] = ['value', 'code'];

/** Options shared by `quantize` and `arith`, checked. */
export interface NumericOptions {
  spec: FormatSpec;
  /** A rounding mode, or undefined when each line starts with its own (`--rounding per-line`). */
  mode: RoundingMode | undefined;
  rng: Rng;
  output: OutputKind;
  flags: boolean;
  input: InputKind;
  /** The format of `--input code` numbers: `--from` for quantize (default float64), the format itself for arith. */
  codeFormat: FormatSpec;
}

/** Adds --format, --rounding, --seed, --input, --output, --flags to a command. */
export function addNumericOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--format <spec>', 'format spec or preset (see `lowbit formats`)')
    .option('--rounding <mode>', `${ROUNDING_MODES.join('|')}, or ${PER_LINE} (each line starts with its mode)`, 'rne')
    .option('--seed <n>', 'seed of the stochastic-rounding generator (integer)', '0')
    .option('--input <kind>', 'value (decimal, 0x + 16 hex float64 bits, P/Q) | code (hex bit codes)', 'value')
    .option('--output <kind>', OUTPUT_KINDS.join('|'), 'value')
    .option('--flags', 'append the flags raised (vzoux order, - if none)', false);
}

/**
 * Validates the shared options: every bad value is a one-line usage error naming the option. `codes` says which
 * format `--input code` numbers are in: the `--format` itself (arith operands), or `--from`, default float64
 * (quantize inputs).
 */
export function readNumericOptions(o: Record<string, unknown>, codes: 'format' | 'from'): NumericOptions {
  const spec = readFormat('--format', o.format);
  const rounding = String(o.rounding);
  const mode = rounding === PER_LINE ? undefined : checkMode(spec, rounding, '--rounding:');
  const seedText = String(o.seed);
  if (!/^-?\d+$/.test(seedText) || !Number.isSafeInteger(Number(seedText))) {
    throw new CliUsageError(`--seed: must be an integer; got ${JSON.stringify(seedText)}`);
  }
  const output = String(o.output);
  if (!(OUTPUT_KINDS as readonly string[]).includes(output)) {
    throw new CliUsageError(`--output: must be one of ${OUTPUT_KINDS.join(', ')}; got ${JSON.stringify(output)}`);
  }
  const input = String(o.input);
  if (!(INPUT_KINDS as readonly string[]).includes(input)) {
    throw new CliUsageError(`--input: must be one of ${INPUT_KINDS.join(', ')}; got ${JSON.stringify(input)}`);
  }
  if (o.from !== undefined && input !== 'code') throw new CliUsageError(`--from: applies to --input code only; got --input ${input}`);
  const codeFormat = codes === 'format' ? spec : o.from !== undefined ? readFormat('--from', o.from) : FLOAT64;
  return { spec, mode, rng: new Rng(Number(seedText)), output: output as OutputKind, flags: Boolean(o.flags), input: input as InputKind, codeFormat };
}

function readFormat(option: string, text: unknown): FormatSpec {
  try {
    return parseFormat(String(text));
  } catch (e) {
    throw new CliUsageError(`${option}: ${(e as Error).message}`);
  }
}

/** A rounding mode the format accepts, else a usage error starting with `where`. */
export function checkMode(spec: FormatSpec, text: string, where: string): RoundingMode {
  if (!isRoundingMode(text)) throw new CliUsageError(`${where} rounding mode must be one of ${ROUNDING_MODES.join(', ')} (or ${PER_LINE}); got ${JSON.stringify(text)}`);
  const modes = handlerFor(spec).modes;
  if (!modes.includes(text)) throw new CliUsageError(`${where} rounding '${text}' is not available for ${spec.kind} formats; allowed: ${modes.join(', ')}`);
  return text;
}

/** One input number of a line, parsed as `--input` says; a bad one is a usage error naming the line. */
export function readNumber(opt: NumericOptions, text: string, what: string, mode: RoundingMode): ExactInput {
  try {
    if (opt.input === 'code') return parseCliCode(text, opt.codeFormat, what);
    return parseCliNumber(text, what, { keepLowDigits: mode === 'log' });
  } catch (e) {
    throw new CliUsageError((e as Error).message);
  }
}

/** The fields of one input line: its mode (given or per line), and the remaining space-separated fields. */
export function splitLine(opt: NumericOptions, line: string, n: number): { mode: RoundingMode; fields: string[] } {
  const fields = line.trim().split(/\s+/).filter(Boolean);
  if (opt.mode !== undefined) return { mode: opt.mode, fields };
  if (fields.length === 0) throw new CliUsageError(`line ${n}: --rounding ${PER_LINE} needs a rounding mode first on each line; got an empty line`);
  return { mode: checkMode(opt.spec, fields[0]!, `line ${n}:`), fields: fields.slice(1) };
}
