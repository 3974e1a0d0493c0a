import type { FormatSpec } from './formats/formatSpec.js';
import type { FormatHandler, Rounded } from './formats/formatHandler.js';
import { handlerFor } from './registry.js';
import { prepare, type QuantizeOptions } from './quantize.js';
import type { RoundingMode } from './rounding/roundingMode.js';
import { FLAG_V } from './_internal/flags.js';

/**
 * An exact rational input num/den (BigInt, den ≠ 0), rounded once with no intermediate double.
 * `readsAs` (optional) is the double that the decimal text of the input reads as (correctly rounded). It matters
 * only for arithmetic operands: an operand whose text reads as a finite nonzero value of the format denotes that
 * value, so every line printed as a shortest round-trip decimal reads back as the same operand (the CLI's
 * `--output value` convention). Conversions (`quantizeInput`) always round the exact rational.
 * @example
 * quantizeInput(parseFormat('float16'), { kind: 'rational', num: 1n, den: 3n }).value // 0.333251953125
 */
export interface RationalInput {
  readonly kind: 'rational';
  readonly num: bigint;
  readonly den: bigint;
  readonly readsAs?: number;
}

/**
 * A bit code of a format, e.g. float64 bits or a float16 code: the only way to give a signalling NaN, because a
 * JS number cannot be trusted to carry one (engines may quiet or canonicalise NaN bits in arithmetic and arrays).
 * @example
 * quantizeInput(parseFormat('float8_e4m3fn'), { kind: 'code', format: parseFormat('float16'), code: 0x3c00n }).value // 1
 */
export interface CodeInput {
  readonly kind: 'code';
  readonly format: FormatSpec;
  readonly code: bigint;
}

/**
 * An input given exactly: a JS number (a NaN number is a quiet NaN), an exact rational, or a bit code.
 * @example quantizeInput(parseFormat('float16'), { kind: 'code', format: parseFormat('float64'), code: 0x7ff0000000000001n })
 *   // { value: NaN, flags: FLAG_V } (a signalling NaN)
 */
export type ExactInput = number | RationalInput | CodeInput;

/** An input after checking: a double (with its signalling bit, for codes) or a signed nonzero rational. */
export type ResolvedInput =
  | { kind: 'double'; x: number; snan: boolean }
  | { kind: 'rational'; neg: boolean; num: bigint; den: bigint; readsAs?: number };

/**
 * Checks an input at a public boundary and resolves it: a code is decoded by its format (its sNaN-ness read from
 * the code), a rational gets a positive denominator; a zero rational becomes +0.
 * @throws TypeError / RangeError naming `fn`, the argument and what is allowed.
 */
export function resolveInput(fn: string, what: string, x: ExactInput): ResolvedInput {
  if (typeof x === 'number') return { kind: 'double', x, snan: false };
  if (x === null || typeof x !== 'object') throw new TypeError(`${fn}: ${what} must be a number, {kind:'rational',num,den} or {kind:'code',format,code}; got ${x === null ? 'null' : typeof x}`);
  if (x.kind === 'code') {
    if (typeof x.code !== 'bigint') throw new TypeError(`${fn}: ${what}.code must be a bigint; got ${typeof x.code}`);
    const h = handlerFor(x.format);
    const value = h.decode(x.format, x.code);
    return { kind: 'double', x: value, snan: Number.isNaN(value) && (h.isSignalingNaN?.(x.format, x.code) ?? false) };
  }
  if (x.kind === 'rational') {
    const { num, den } = x;
    if (typeof num !== 'bigint' || typeof den !== 'bigint') throw new TypeError(`${fn}: ${what}.num and .den must be bigints; got ${typeof num}, ${typeof den}`);
    if (den === 0n) throw new RangeError(`${fn}: ${what}.den must be nonzero; got ${num}/0`);
    if (num === 0n) return { kind: 'double', x: 0, snan: false };
    const neg = num < 0n !== den < 0n;
    return { kind: 'rational', neg, num: num < 0n ? -num : num, den: den < 0n ? -den : den, readsAs: x.readsAs };
  }
  throw new RangeError(`${fn}: ${what}.kind must be 'rational' or 'code'; got ${JSON.stringify((x as { kind?: unknown }).kind)}`);
}

/**
 * Rounds a resolved input into the format once (the IEEE convertFormat operation): a signalling NaN raises `v`
 * and gives the format's quiet NaN (or what a NaN becomes in a format without one); a double or a rational is
 * rounded exactly.
 */
export function convertResolved<S extends FormatSpec>(spec: S, h: FormatHandler<S>, r: ResolvedInput, mode: RoundingMode, u: number): Rounded {
  if (r.kind === 'rational') return h.roundRational(spec, r.neg, r.num, r.den, mode, u);
  const q = h.round(spec, r.x, mode, u);
  return r.snan ? { value: q.value, flags: q.flags | FLAG_V } : q;
}

/**
 * An arithmetic operand as a value of the format: a number or code that already is a value of the format passes
 * unchanged (±inf too where the format encodes infinities, and a quiet NaN where it has one); a rational whose
 * `readsAs` is a finite nonzero value of the format is that value; anything else, a signalling NaN included, is
 * first converted with the same mode (`draw` is called only then, for `sr`).
 */
export function arithOperand<S extends FormatSpec>(spec: S, h: FormatHandler<S>, r: ResolvedInput, mode: RoundingMode, draw: () => number): Rounded {
  if (r.kind === 'double') {
    if (!r.snan && h.isValue(spec, r.x)) return { value: r.x, flags: 0 };
  } else {
    const n = r.readsAs;
    if (n !== undefined && Number.isFinite(n) && n !== 0 && h.isValue(spec, n)) return { value: n, flags: 0 };
  }
  return convertResolved(spec, h, r, mode, mode === 'sr' ? draw() : 0);
}

/**
 * Rounds one exactly given input into a format once and reports the flags: the conversion that `lowbit quantize`
 * performs on every input line. Unlike an arithmetic operand, an input that is already a value is still converted,
 * so ±inf into a saturating format gives ±max (OCP SAT), and a signalling NaN raises `v`.
 * @example quantizeInput(parseFormat('float(e=5,m=2,overflow=saturate)'), Infinity) // { value: 57344, flags: 0 }
 * @example quantizeInput(parseFormat('float32'), { kind: 'rational', num: 1n, den: 10n }, { rounding: 'rdn' }).flags // FLAG_X
 */
export function quantizeInput(spec: FormatSpec, x: ExactInput, opts?: QuantizeOptions): Rounded {
  const { mode, draw } = prepare('quantizeInput', spec, opts);
  const r = resolveInput('quantizeInput', 'x', x);
  return convertResolved(spec, handlerFor(spec), r, mode, mode === 'sr' ? draw() : 0);
}
