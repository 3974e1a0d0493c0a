import { parseFormat } from '../../simulators/formats/parseFormat.js';
import type { FixedSpec, FloatSpec, FormatSpec } from '../../simulators/formats/formatSpec.js';
import { ARITH_ARITY, type ArithOp } from '../../simulators/arith/arith.js';

/**
 * The operations a unit can be tested on: the correctly rounded arithmetic ops, and a conversion between formats.
 * @example
 * testOp('fma' satisfies TestOpName, 'float16')
 */
export type TestOpName = ArithOp | 'convert';

/**
 * Every operation id, in documentation order.
 * @example
 * TEST_OPS.map((op) => testOp(op, 'bfloat16', op === 'convert' ? 'float32' : undefined))
 */
export const TEST_OPS: readonly TestOpName[] = ['add', 'sub', 'mul', 'div', 'sqrt', 'fma', 'convert'];

/**
 * A scalar format a unit computes in: a binary float or a fixed-point format.
 * @example
 * testOp('add', 'fixed(w=16,f=8)').spec satisfies ScalarSpec
 */
export type ScalarSpec = FloatSpec | FixedSpec;

/**
 * One operation to test, compiled once at the boundary: the result format, the operand format (`from` for a
 * conversion, else the result format) and the number of operands.
 * @example
 * const t: TestOp = testOp('convert', 'float8_e4m3fn', 'float16');
 * t.arity // 1
 */
export interface TestOp {
  readonly op: TestOpName;
  /** Format of the result (`--format`). */
  readonly spec: ScalarSpec;
  /** Format of every operand: `--from` for `convert`, else `spec`. */
  readonly operandSpec: ScalarSpec;
  readonly arity: 1 | 2 | 3;
}

/**
 * Checks and compiles an operation: `op` one of `TEST_OPS`; `spec` (and for `convert`, `from`) a float or fixed
 * format, as a spec string, preset id or parsed `FormatSpec`.
 * Not modelled: block formats and dynamic fixed point, pow2, binary and ternary formats (no correctly rounded
 * arithmetic is defined on them).
 * @throws RangeError naming the argument, the value given and what is allowed.
 * @example testOp('convert', 'float16', 'float32').arity // 1
 */
export function testOp(op: string, spec: string | FormatSpec, from?: string | FormatSpec): TestOp {
  if (!(TEST_OPS as readonly string[]).includes(op)) {
    throw new RangeError(`op must be one of ${TEST_OPS.join(', ')}; got ${JSON.stringify(op)}`);
  }
  const out = scalarSpec('format', spec);
  if (op === 'convert') {
    if (from === undefined) throw new RangeError(`from: convert needs the operand format (from); got none`);
    return { op, spec: out, operandSpec: scalarSpec('from', from), arity: 1 };
  }
  if (from !== undefined) throw new RangeError(`from: only convert takes an operand format; got ${JSON.stringify(describe(from))} with op ${op}`);
  return { op: op as ArithOp, spec: out, operandSpec: out, arity: ARITH_ARITY[op as ArithOp] as 1 | 2 | 3 };
}

function describe(s: string | FormatSpec): string {
  return typeof s === 'string' ? s : JSON.stringify(s);
}

/**
 * A float or fixed format from a spec string, preset id or `FormatSpec`.
 * @throws RangeError (TypeError) naming `arg`, the value and what is allowed.
 */
export function scalarSpec(arg: string, s: string | FormatSpec): ScalarSpec {
  let spec: FormatSpec;
  if (typeof s === 'string') {
    try {
      spec = parseFormat(s);
    } catch (e) {
      throw new RangeError(`${arg}: ${(e as Error).message}`);
    }
  } else if (s !== null && typeof s === 'object' && typeof (s as FormatSpec).kind === 'string') {
    spec = s;
  } else {
    throw new TypeError(`${arg}: must be a format spec string or a FormatSpec; got ${typeof s}`);
  }
  if (spec.kind !== 'float' && spec.kind !== 'fixed') {
    throw new RangeError(`${arg}: a unit can be tested in a float or fixed format; got a ${spec.kind} format (${describe(s)})`);
  }
  return spec;
}
