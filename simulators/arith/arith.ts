import type { FormatSpec } from '../formats/formatSpec.js';
import type { Rounded } from '../formats/formatHandler.js';
import { handlerFor } from '../registry.js';
import { prepare, type QuantizeOptions } from '../quantize.js';
import type { RoundingMode } from '../rounding/roundingMode.js';
import { floatLayout } from '../formats/floatLayout.js';
import { fixedCodeRange } from '../formats/fixedPoint.js';
import { FLAG_O, FLAG_V, FLAG_Z } from '../_internal/flags.js';
import { pow2 } from '../_internal/bits.js';
import { arithOperand, resolveInput, type ExactInput } from '../exactInput.js';
import { exactAdd, exactDiv, exactFma, exactMul, exactSqrt, type Exact } from './exactOps.js';
import { arithScalarFast, arithScalarFastValue } from '../fastpath/arithScalar.js';

/**
 * The correctly rounded operations.
 * @example
 * const op: ArithOp = 'fma';
 * arith(op, parseFormat('bfloat16'), [1.5, 2, -3])
 */
export type ArithOp = 'add' | 'sub' | 'mul' | 'div' | 'sqrt' | 'fma';

/**
 * Number of operands of each operation.
 * @example
 * ARITH_ARITY.fma // 3
 */
export const ARITH_ARITY: Readonly<Record<ArithOp, number>> = { add: 2, sub: 2, mul: 2, div: 2, sqrt: 1, fma: 3 };

/**
 * Correctly rounded arithmetic in a float or fixed format: the exact result of the operation, rounded once
 * (fma included: a·b + c with one rounding), in any mode including round-to-odd and stochastic.
 *
 * Operands are numbers or exact inputs (`ExactInput`: a rational, or a bit code such as float64 bits). Each
 * operand that is already a value of the format passes unchanged (±inf too wherever the format encodes
 * infinities); any other operand is first converted into the format with the same mode, its flags joining the
 * result's (see `arithOperand`). The exact result is computed in BigInt rationals (square roots to 140 guard
 * bits with a sticky bit), so the result never depends on double rounding. IEEE special cases: inf − inf, 0·inf,
 * 0/0, inf/inf, sqrt(x<0) and fma(0, inf, c) are invalid (NaN, flag v); x/0 gives ±inf with flag z; exact zero
 * sums are +0 except under `rdn` (−0). Exact infinite results are inf when the format has inf, else NaN; only
 * finite overflow follows the overflow policy. Fixed point: x/0 saturates toward the dividend's sign with flags
 * z and o; NaN results give code 0 with flag v (fixed point has no NaN).
 *
 * NaNs (IEEE 754-2008 §6.2): a NaN number is a quiet NaN. A signalling NaN can only be given as a code
 * (`{kind:'code'}`, or `arithCodes`): any operation with an sNaN operand raises `v` and returns a quiet NaN.
 * Every NaN result is the format's canonical quiet NaN: sign 0, payload empty (ieee: exponent all ones, only
 * the quiet bit set, e.g. float16 0x7e00; fn: S.11…1.11…1 with S = 0; fnuz: 0x80…0). No operand payload or sign
 * is propagated (§6.2.3 recommends it, but does not require it; compare NaNs by class).
 * Not modelled: NaN payloads, the IEEE "exact zero product sign" of fixed point (no −0).
 * @example arith('fma', parseFormat('float8_e4m3fn'), [1.5, 2, -3]) // { value: 0, flags: 0 }
 */
export function arith(op: ArithOp, spec: FormatSpec, operands: readonly ExactInput[], opts?: QuantizeOptions): Rounded {
  if (typeof op !== 'string' || !Object.hasOwn(ARITH_ARITY, op)) {
    throw new RangeError(`arith: op must be one of ${Object.keys(ARITH_ARITY).join(', ')}; got ${JSON.stringify(op)}`);
  }
  const arity = ARITH_ARITY[op];
  if (!Array.isArray(operands) || operands.length !== arity) {
    throw new RangeError(`arith: ${op} takes ${arity} operand(s); got ${Array.isArray(operands) ? operands.length : typeof operands}`);
  }
  if (spec.kind !== 'float' && spec.kind !== 'fixed') {
    throw new RangeError(`arith: format kind must be float or fixed; got ${spec.kind}`);
  }
  // values of small formats in a deterministic mode: a double and its error term decide (fastpath/arithFast.ts)
  const fast = arithScalarFast(op, spec, operands, opts?.rounding);
  if (fast) return fast;
  const { mode, draw } = prepare('arith', spec, opts);
  const h = handlerFor(spec);
  let flags = 0;
  const xs = operands.map((x, i) => {
    const r = arithOperand(spec, h, resolveInput('arith', `operand ${i}`, x), mode, draw);
    flags |= r.flags;
    return r.value;
  });
  const [a, b, c] = xs as [number, number, number];
  const roundDown = mode === 'rdn';
  let ex: Exact;
  switch (op) {
    case 'add':
      ex = exactAdd(a, b, roundDown);
      break;
    case 'sub':
      ex = exactAdd(a, -b, roundDown);
      break;
    case 'mul':
      ex = exactMul(a, b);
      break;
    case 'div':
      ex = exactDiv(a, b);
      break;
    case 'sqrt':
      ex = exactSqrt(a, spec.kind === 'float' ? floatLayout(spec).emin - spec.m : -spec.f);
      break;
    case 'fma':
      ex = exactFma(a, b, c, roundDown);
      break;
  }
  const r = finish(spec, ex, mode, mode === 'sr' ? draw() : 0);
  return { value: r.value, flags: r.flags | flags };
}

function finish(spec: FormatSpec, ex: Exact, mode: RoundingMode, u: number): Rounded {
  const h = handlerFor(spec);
  switch (ex.kind) {
    case 'finite':
      return h.roundRational(spec, ex.neg, ex.num, ex.den, mode, u);
    case 'zero':
      return h.round(spec, ex.neg ? -0 : 0, mode, 0);
    case 'nan':
      return { value: spec.kind === 'fixed' ? 0 : NaN, flags: ex.invalid ? FLAG_V : 0 };
    case 'inf': {
      const z = ex.divByZero ? FLAG_Z : 0;
      if (spec.kind === 'fixed') {
        const [lo, hi] = fixedCodeRange(spec);
        return { value: (ex.neg ? lo : hi) * pow2(-spec.f), flags: z | FLAG_O };
      }
      if (spec.kind === 'float' && floatLayout(spec).hasInf) return { value: ex.neg ? -Infinity : Infinity, flags: z };
      return { value: NaN, flags: z };
    }
  }
}

/**
 * a + b rounded once.
 * @example
 * add(parseFormat('float16'), 1, 2 ** -11) // 1 (the tie rounds to even)
 */
export const add = (spec: FormatSpec, a: number, b: number, opts?: QuantizeOptions): number =>
  arithScalarFastValue('add', spec, 2, a, b, 0, opts?.rounding) ?? arith('add', spec, [a, b], opts).value;
/**
 * a − b rounded once.
 * @example
 * sub(parseFormat('bfloat16'), 1, 2 ** -9) // 1
 */
export const sub = (spec: FormatSpec, a: number, b: number, opts?: QuantizeOptions): number =>
  arithScalarFastValue('sub', spec, 2, a, b, 0, opts?.rounding) ?? arith('sub', spec, [a, b], opts).value;
/**
 * a · b rounded once.
 * @example
 * mul(parseFormat('float8_e4m3fn'), 0.3, 0.3) // 0.09375
 */
export const mul = (spec: FormatSpec, a: number, b: number, opts?: QuantizeOptions): number =>
  arithScalarFastValue('mul', spec, 2, a, b, 0, opts?.rounding) ?? arith('mul', spec, [a, b], opts).value;
/**
 * a / b rounded once.
 * @example
 * div(parseFormat('float16'), 1, 3) // 0.333251953125
 */
export const div = (spec: FormatSpec, a: number, b: number, opts?: QuantizeOptions): number =>
  arithScalarFastValue('div', spec, 2, a, b, 0, opts?.rounding) ?? arith('div', spec, [a, b], opts).value;
/**
 * sqrt(a) rounded once.
 * @example
 * sqrt(parseFormat('float16'), 2) // 1.4140625
 */
export const sqrt = (spec: FormatSpec, a: number, opts?: QuantizeOptions): number =>
  arithScalarFastValue('sqrt', spec, 1, a, 0, 0, opts?.rounding) ?? arith('sqrt', spec, [a], opts).value;
/**
 * a · b + c rounded once.
 * @example
 * fma(parseFormat('float8_e4m3fn'), 1.5, 2, -3) // 0
 */
export const fma = (spec: FormatSpec, a: number, b: number, c: number, opts?: QuantizeOptions): number =>
  arithScalarFastValue('fma', spec, 3, a, b, c, opts?.rounding) ?? arith('fma', spec, [a, b, c], opts).value;
