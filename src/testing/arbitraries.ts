import fc from 'fast-check';
import type { FixedSpec, FloatSpec, FormatSpec } from '../../simulators/formats/formatSpec.js';
import { floatLayout } from '../../simulators/formats/floatLayout.js';
import { fixedCodeRange, fixedCodeToBits } from '../../simulators/formats/fixedPoint.js';
import { handlerFor } from '../../simulators/registry.js';
import { Rng } from '../../simulators/random/rng.js';
import { codeBits, isSignalingNaNCode } from './codes.js';
import { specialCodes } from './specialCodes.js';
import { thresholdCase } from './thresholdCases.js';
import { tieCase } from './tieCases.js';
import { scalarSpec, testOp } from './testOp.js';

/**
 * Options of `formatCode` and `formatValue`.
 * @example
 * fc.sample(formatCode('float8_e4m3fn', { specials: false }), 5)
 */
export interface FormatArbitraryOptions {
  /** Include NaN and infinity codes (default true). `formatCode` also drops signalling NaNs when false. */
  specials?: boolean;
}

/**
 * A fast-check arbitrary of bit codes (BigInt) of a float or fixed format, every one a value of the format, biased
 * toward the special operands of `specialCodes` (±0, subnormal ends, min normal, 1 and neighbours, max, ±inf,
 * quiet and signalling NaNs; fixed: 0, ±lsb, ±1, ends of the range): two draws in seven are special, three are
 * uniform over the codes, two are a random sign, exponent near an edge and significand pattern. Shrinks toward code 0
 * (+0) and toward the first special operands.
 * @example fc.assert(fc.property(formatCode('float8_e4m3fn'), (c) => c < 256n))
 */
export function formatCode(spec: string | FormatSpec, options: FormatArbitraryOptions = {}): fc.Arbitrary<bigint> {
  const s = scalarSpec('formatCode: spec', spec);
  const keep = options.specials ?? true;
  const h = handlerFor(s);
  const ok = (c: bigint): boolean => {
    const x = h.decode(s, c);
    return h.isValue(s, x) && (keep || Number.isFinite(x));
  };
  const specials = specialCodes(s).filter(ok);
  const uniform = fc.bigInt({ min: 0n, max: (1n << BigInt(codeBits(s))) - 1n }).filter(ok);
  const shaped = (s.kind === 'float' ? floatShaped(s) : fixedShaped(s)).filter(ok);
  return fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...specials) },
    { weight: 3, arbitrary: uniform },
    { weight: 2, arbitrary: shaped },
  );
}

/**
 * Values of a format (exact doubles), biased like `formatCode`; with `specials: false` only finite values (−0 kept).
 * Signalling NaNs cannot be told apart as JS numbers: they come out as NaN.
 * @example fc.assert(fc.property(formatValue('float16', { specials: false }), (x) => Number.isFinite(x)))
 */
export function formatValue(spec: string | FormatSpec, options: FormatArbitraryOptions = {}): fc.Arbitrary<number> {
  const s = scalarSpec('formatValue: spec', spec);
  return formatCode(s, options).map((c) => handlerFor(s).decode(s, c));
}

/**
 * Options of `operands`.
 * @example
 * fc.sample(operands('float8_e4m3fn', 'convert', { from: 'float16' }), 3)
 */
export interface OperandsOptions extends FormatArbitraryOptions {
  /** Operand format of `convert`. */
  from?: string | FormatSpec;
}

/**
 * Operand code tuples for an operation (`add sub mul div sqrt fma convert`): each operand from `formatCode` of the
 * operand format, and one draw in four a constructed case of `testgen` (an exact tie of the result format, or a
 * result on an overflow or underflow threshold). Constructed cases shrink only by trying other constructions.
 * @example fc.assert(fc.property(operands('float16', 'fma'), (ops) => ops.length === 3))
 */
export function operands(spec: string | FormatSpec, op: string, options: OperandsOptions = {}): fc.Arbitrary<bigint[]> {
  const t = testOp(op, spec, options.from);
  const code = formatCode(t.operandSpec, options);
  const free = fc.tuple(...Array.from({ length: t.arity }, () => code)).map((xs) => [...xs]);
  const keep = options.specials ?? true;
  const fits = (xs: bigint[] | undefined): xs is bigint[] =>
    xs !== undefined && (keep || xs.every((c) => Number.isFinite(handlerFor(t.operandSpec).decode(t.operandSpec, c)) && !isSignalingNaNCode(t.operandSpec, c)));
  const made = fc
    .tuple(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.boolean())
    .map(([seed, tie]) => (tie ? tieCase : thresholdCase)(t, new Rng(seed)))
    .filter(fits);
  return fc.oneof({ weight: 3, arbitrary: free }, { weight: 1, arbitrary: made });
}

function floatShaped(s: FloatSpec): fc.Arbitrary<bigint> {
  const top = 2 ** s.e - 1;
  const bias = floatLayout(s).bias;
  const M = (1n << BigInt(s.m)) - 1n;
  const field = fc.oneof(fc.integer({ min: 0, max: top }), fc.constantFrom(0, 1, bias - 1, bias, bias + 1, top - 1, top).filter((f) => f >= 0 && f <= top));
  const k = fc.integer({ min: 0, max: s.m });
  const pattern = fc.oneof(
    fc.bigInt({ min: 0n, max: M }),
    k.map((n) => M ^ (M >> BigInt(n))),
    k.map((n) => (1n << BigInt(n)) - 1n),
    k.map((n) => (1n << BigInt(n)) & M),
  );
  return fc.tuple(fc.boolean(), field, pattern).map(([neg, f, p]) => ((neg ? 1n : 0n) << BigInt(s.e + s.m)) | (BigInt(f) << BigInt(s.m)) | p);
}

function fixedShaped(s: FixedSpec): fc.Arbitrary<bigint> {
  const [lo, hi] = fixedCodeRange(s).map(BigInt) as [bigint, bigint];
  const max = (a: bigint, b: bigint): bigint => (a > b ? a : b);
  const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);
  const small = fc.integer({ min: 0, max: s.w - 1 }).chain((k) => fc.bigInt({ min: max(lo, -(1n << BigInt(k))), max: min(hi, 1n << BigInt(k)) }));
  const ends = fc.bigInt({ min: 0n, max: 7n }).chain((d) => fc.constantFrom(max(lo, hi - d), min(hi, lo + d)));
  return fc.oneof(small, ends).map((c) => fixedCodeToBits(s, Number(c)));
}
