import { testOp, TEST_OPS, type TestOp } from '../../testing/testOp.js';
import { checkRoundingMode, type RoundingMode } from '../../../simulators/rounding/roundingMode.js';
import { handlerFor } from '../../../simulators/registry.js';
import { CliUsageError } from '../cliError.js';

/** The operation of `testgen` and `verify` from --op, --format, --from and --rounding; each bad value a usage error. */
export function readTestOp(o: Record<string, unknown>): { t: TestOp; mode: RoundingMode } {
  const op = String(o.op);
  if (!(TEST_OPS as readonly string[]).includes(op)) throw new CliUsageError(`--op: must be one of ${TEST_OPS.join(', ')}; got ${JSON.stringify(op)}`);
  let t: TestOp;
  try {
    t = testOp(op, String(o.format), o.from === undefined ? undefined : String(o.from));
  } catch (e) {
    throw new CliUsageError(`--${(e as Error).message}`);
  }
  let mode: RoundingMode;
  try {
    mode = checkRoundingMode('--rounding', 'mode', o.rounding);
  } catch (e) {
    throw new CliUsageError((e as Error).message);
  }
  const modes = handlerFor(t.spec).modes;
  if (!modes.includes(mode)) throw new CliUsageError(`--rounding: '${mode}' is not available for ${t.spec.kind} formats; allowed: ${modes.join(', ')}`);
  return { t, mode };
}

/** An integer option at least `min`, as a safe integer. */
export function readIntOption(name: string, raw: unknown, min: number): number {
  const text = String(raw);
  if (!/^[+-]?\d+$/.test(text) || !Number.isSafeInteger(Number(text)) || Number(text) < min) {
    throw new CliUsageError(`${name}: must be an integer${min === 0 ? ' ≥ 0' : ''}; got ${JSON.stringify(text)}`);
  }
  return Number(text);
}
