import { arith, type ArithOp } from '../../simulators/arith/arith.js';
import { handlerFor } from '../../simulators/registry.js';
import type { RoundingMode } from '../../simulators/rounding/roundingMode.js';
import { FLAG_V } from '../../simulators/_internal/flags.js';
import { codeValue, isSignalingNaNCode, resultCode } from './codes.js';
import type { TestOp } from './testOp.js';

/** A result as a test line carries it: the code (`null`: NaN in a format without NaN), its value, the flags. */
export interface CaseResult {
  code: bigint | null;
  value: number;
  /** TestFloat's bitmask: 0x10 invalid, 0x08 infinite (divide by zero), 0x04 overflow, 0x02 underflow, 0x01 inexact. */
  flags: number;
}

/**
 * lowbit's result for operand codes: the operands decoded, the operation's exact result rounded once in `mode`
 * (`u`: the uniform draw of `sr`), the result encoded.
 *
 * Signalling NaNs are decided on the codes: an sNaN operand (see `isSignalingNaNCode`) raises invalid and the
 * result is the canonical quiet NaN, as IEEE 754-2019 §7.2 and Berkeley SoftFloat do. Flags follow
 * ../shared/vectors/README.md (underflow = tiny after rounding and inexact). Not modelled: NaN payload
 * propagation (every NaN result is the canonical quiet NaN; compare NaN by class).
 * @example expectedResult(testOp('add', 'float16'), [0x3c00n, 0x1400n], 'rne') // { code: 0x3c01n, value: 1.0009765625, flags: 0 }
 */
export function expectedResult(t: TestOp, codes: readonly bigint[], mode: RoundingMode, u = 0): CaseResult {
  const xs = codes.map((c) => codeValue(t.operandSpec, c));
  let snan = false;
  for (const c of codes) if (isSignalingNaNCode(t.operandSpec, c)) snan = true;
  const r = t.op === 'convert'
    ? handlerFor(t.spec).round(t.spec, xs[0]!, mode, u)
    : arith(t.op as ArithOp, t.spec, xs, { rounding: mode, u });
  const flags = snan ? r.flags | FLAG_V : r.flags;
  return { code: resultCode(t.spec, r.value), value: r.value, flags };
}
