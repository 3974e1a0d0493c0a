import type { Command } from 'commander';
import { parseFormat } from '../../../simulators/formats/parseFormat.js';
import type { FormatSpec } from '../../../simulators/formats/formatSpec.js';
import { checkRoundingMode, type RoundingMode } from '../../../simulators/rounding/roundingMode.js';
import { handlerFor } from '../../../simulators/registry.js';
import { Rng } from '../../../simulators/random/rng.js';
import { OUTPUT_KINDS, type OutputKind } from '../io/formatOutput.js';
import { CliUsageError, asUsage } from '../cliError.js';

/** Options shared by `quantize` and `arith`. */
export interface NumericOptions {
  spec: FormatSpec;
  mode: RoundingMode;
  rng: Rng;
  output: OutputKind;
  flags: boolean;
}

/** Adds --format, --rounding, --seed, --output, --flags to a command. */
export function addNumericOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--format <spec>', 'format spec or preset (see `lowbit formats`)')
    .option('--rounding <mode>', 'rne|rna|rhu|rtz|raz|rup|rdn|rto|sr|log', 'rne')
    .option('--seed <n>', 'seed of the stochastic-rounding generator (integer)', '0')
    .option('--output <kind>', 'value|f64|code', 'value')
    .option('--flags', 'append the flags raised (vzoux order, - if none)', false);
}

/** Validates the shared options: every bad value is a one-line usage error naming the option. */
export function readNumericOptions(o: Record<string, unknown>): NumericOptions {
  let spec: FormatSpec;
  try {
    spec = parseFormat(String(o.format));
  } catch (e) {
    throw new CliUsageError(`--format: ${(e as Error).message}`);
  }
  const mode = asUsage('', () => checkRoundingMode('--rounding', 'mode', o.rounding));
  const modes = handlerFor(spec).modes;
  if (!modes.includes(mode)) throw new CliUsageError(`--rounding: '${mode}' is not available for ${spec.kind} formats; allowed: ${modes.join(', ')}`);
  const seedText = String(o.seed);
  if (!/^-?\d+$/.test(seedText) || !Number.isSafeInteger(Number(seedText))) {
    throw new CliUsageError(`--seed: must be an integer; got ${JSON.stringify(seedText)}`);
  }
  const output = String(o.output);
  if (!(OUTPUT_KINDS as readonly string[]).includes(output)) {
    throw new CliUsageError(`--output: must be one of ${OUTPUT_KINDS.join(', ')}; got ${JSON.stringify(output)}`);
  }
  return { spec, mode, rng: new Rng(Number(seedText)), output: output as OutputKind, flags: Boolean(o.flags) };
}
