import { arithCodes } from '../../simulators/arith/arithCodes.js';
import type { ArithOp } from '../../simulators/arith/arith.js';
import { quantizeCode } from '../../simulators/quantizeCode.js';
import type { RoundingMode } from '../../simulators/rounding/roundingMode.js';
import type { TestOp } from './testOp.js';

/**
 * A result as a test line carries it: the code (undefined: NaN in a format without NaN), its value, the flags.
 * @example
 * const { code, value, flags }: CaseResult = [...generateTestCases(testOp('add', 'float16'), { count: 1 })][0].result;
 */
export interface CaseResult {
  code: bigint | undefined;
  value: number;
  /** TestFloat's bitmask: 0x10 invalid, 0x08 infinite (divide by zero), 0x04 overflow, 0x02 underflow, 0x01 inexact. */
  flags: number;
}

/**
 * lowbit's result for operand codes: the simulators' code-level operations (`arithCodes`, and `quantizeCode` for a
 * conversion), the exact result rounded once in `mode` (`u`: the uniform draw of `sr`).
 *
 * A signalling NaN operand raises invalid and gives the canonical quiet NaN, as IEEE 754-2019 §7.2 and Berkeley
 * SoftFloat do. Flags follow test/fixtures/vectors/README.md (underflow = tiny after rounding and inexact). Not
 * modelled: NaN payload propagation (every NaN result is the canonical quiet NaN; compare NaN by class).
 * @example expectedResult(testOp('add', 'float16'), [0x3c00n, 0x1400n], 'rne') // { code: 0x3c01n, value: 1.0009765625, flags: 0 }
 */
export function expectedResult(t: TestOp, codes: readonly bigint[], mode: RoundingMode, u = 0): CaseResult {
  const opts = { rounding: mode, u: mode === 'sr' ? u : undefined };
  return t.op === 'convert' ? quantizeCode(t.spec, t.operandSpec, codes[0]!, opts) : arithCodes(t.op as ArithOp, t.spec, codes, opts);
}
