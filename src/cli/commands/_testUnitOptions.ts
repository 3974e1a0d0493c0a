import { testOp, TEST_OPS, type TestOp } from '../../testing/testOp.js';
import { blockSpecOf, blockTestOp, type BlockTestOp } from '../../testing/blockTestOp.js';
import { checkRoundingMode, type RoundingMode } from '../../../simulators/rounding/roundingMode.js';
import { handlerFor } from '../../../simulators/registry.js';
import { CliUsageError } from '../cliError.js';

/** What `testgen` and `verify` test: a scalar operation, or the conversion of vectors into a block format. */
export type TestUnit = { kind: 'scalar'; t: TestOp; mode: RoundingMode } | { kind: 'block'; bt: BlockTestOp; mode: RoundingMode };

/**
 * The operation of `testgen` and `verify` from --op, --format, --from and --rounding; each bad value a usage error.
 * A block-scaled --format (mx, nvfp4, scaled) gives a block unit (op convert, --from a float format).
 */
export function readTestUnit(o: Record<string, unknown>): TestUnit {
  const op = String(o.op);
  if (!(TEST_OPS as readonly string[]).includes(op)) throw new CliUsageError(`--op: must be one of ${TEST_OPS.join(', ')}; got ${JSON.stringify(op)}`);
  const from = o.from === undefined ? undefined : String(o.from);
  const spec = blockSpecOf(String(o.format)); // undefined: a scalar format, or a bad one that testOp reports
  let unit: { t: TestOp } | { bt: BlockTestOp };
  try {
    unit = spec ? { bt: blockTestOp(op, spec, from) } : { t: testOp(op, String(o.format), from) };
  } catch (e) {
    throw new CliUsageError(`--${(e as Error).message}`);
  }
  let mode: RoundingMode;
  try {
    mode = checkRoundingMode('--rounding', 'mode', o.rounding);
  } catch (e) {
    throw new CliUsageError((e as Error).message);
  }
  const target = 'bt' in unit ? unit.bt.spec : unit.t.spec;
  const modes = handlerFor(target).modes;
  if (!modes.includes(mode)) throw new CliUsageError(`--rounding: '${mode}' is not available for ${target.kind} formats; allowed: ${modes.join(', ')}`);
  return 'bt' in unit ? { kind: 'block', bt: unit.bt, mode } : { kind: 'scalar', t: unit.t, mode };
}

/** An integer option at least `min`, as a safe integer. */
export function readIntOption(name: string, raw: unknown, min: number): number {
  const text = String(raw);
  if (!/^[+-]?\d+$/.test(text) || !Number.isSafeInteger(Number(text)) || Number(text) < min) {
    throw new CliUsageError(`${name}: must be an integer${min === 0 ? ' ≥ 0' : ''}; got ${JSON.stringify(text)}`);
  }
  return Number(text);
}
