import type { FixedSpec, FloatSpec, FormatSpec } from '../formats/formatSpec.js';
import type { Rounded } from '../formats/formatHandler.js';
import type { RoundingMode } from '../rounding/roundingMode.js';
import { arithFast, decidable, exactParts, isMember, roundParts, type ArithFast, type FastOp } from './arithFast.js';

const DETERMINISTIC: ReadonlySet<unknown> = new Set(['rne', 'rna', 'rhu', 'rtz', 'raz', 'rup', 'rdn', 'rto']);
/** Plans per format object and mode (a WeakMap: formats are plain data, often parsed once and reused). */
const plans = new WeakMap<FormatSpec, Map<string, ArithFast | null>>();
let enabled = true;

/**
 * Turns the scalar fast path of `arith` on or off (default on); returns the previous setting. Tests use it to
 * compare the fast paths with the exact BigInt path; results are identical either way.
 */
export function setArithScalarFast(on: boolean): boolean {
  const was = enabled;
  enabled = on;
  return was;
}

let lastSpec: FormatSpec | undefined;
let lastMode: RoundingMode | undefined;
let lastPlan: ArithFast | null = null;

function planFor(spec: FloatSpec | FixedSpec, mode: RoundingMode): ArithFast | null {
  // the common case, a loop over one format and mode, skips the maps
  if (spec === lastSpec && mode === lastMode) return lastPlan;
  lastSpec = spec;
  lastMode = mode;
  lastPlan = planOf(spec, mode);
  return lastPlan;
}

function planOf(spec: FloatSpec | FixedSpec, mode: RoundingMode): ArithFast | null {
  let byMode = plans.get(spec);
  if (!byMode) plans.set(spec, (byMode = new Map()));
  let P = byMode.get(mode);
  if (P === undefined) byMode.set(mode, (P = arithFast(spec, mode) ?? null));
  return P;
}

/**
 * The double fast path of scalar `arith` (see `arithFast.ts`): the same value and flags, or undefined when it
 * does not apply (operands that are not numbers or not values of the format, stochastic rounding, a result the
 * error-free transformations cannot decide, formats beyond p ≤ 26 or w ≤ 52). The caller has checked op, arity
 * and format kind.
 */
export function arithScalarFast(op: FastOp, spec: FloatSpec | FixedSpec, operands: readonly unknown[], rounding: unknown): Rounded | undefined {
  const mode = rounding === undefined ? 'rne' : rounding;
  if (!enabled || !DETERMINISTIC.has(mode)) return undefined;
  const P = planFor(spec, mode as RoundingMode);
  if (P === null) return undefined;
  const a = operands[0];
  const b = operands.length > 1 ? operands[1] : 0;
  const c = operands.length > 2 ? operands[2] : 0;
  if (typeof a !== 'number' || typeof b !== 'number' || typeof c !== 'number') return undefined;
  if (!isMember(P, a) || (operands.length > 1 && !isMember(P, b)) || (operands.length > 2 && !isMember(P, c))) return undefined;
  if (!exactParts(P, op, a, b, c) || !decidable(P)) return undefined;
  roundParts(P, 0);
  return { value: P.value, flags: P.flags };
}

/**
 * The same fast path for the one-value helpers (`add`, `sub`, `mul`, `div`, `sqrt`, `fma`): operands passed as
 * arguments (no operand array) and only the value returned (no result object), or undefined when the fast path does
 * not apply and the caller must run `arith` (which also checks every argument). `n` is the op's arity.
 */
export function arithScalarFastValue(op: FastOp, spec: unknown, n: number, a: number, b: number, c: number, rounding: unknown): number | undefined {
  if (!enabled || typeof spec !== 'object' || spec === null) return undefined;
  const kind = (spec as FormatSpec).kind;
  if (kind !== 'float' && kind !== 'fixed') return undefined;
  const mode = rounding === undefined ? 'rne' : rounding;
  // the default mode without the set lookup (a string hash on every call)
  if (mode !== 'rne' && !DETERMINISTIC.has(mode)) return undefined;
  const P = planFor(spec as FloatSpec | FixedSpec, mode as RoundingMode);
  if (P === null || typeof a !== 'number' || typeof b !== 'number' || typeof c !== 'number') return undefined;
  if (!isMember(P, a) || (n > 1 && !isMember(P, b)) || (n > 2 && !isMember(P, c))) return undefined;
  if (!exactParts(P, op, a, b, c) || !decidable(P)) return undefined;
  roundParts(P, 0);
  return P.value;
}
