/**
 * `FormatSpec`: every number format lowbit simulates, as plain JSON-able data (a discriminated union on `kind`).
 *
 * | kind      | values                                                    | spec string                              |
 * |-----------|-----------------------------------------------------------|------------------------------------------|
 * | `float`   | sign · 2^E · 1.M (plus subnormals / specials per options) | `float(e=4,m=3,specials=fn)`             |
 * | `fixed`   | code · 2^−f, code a w-bit two's complement (or unsigned)  | `fixed(w=8,f=4)`, `ufixed(w=8,f=8)`      |
 * | `dfixed`  | a fixed format whose f is state, updated from overflow rates | `dfixed(w=10)`                        |
 * | `pow2`    | {0} ∪ {±2^k : min ≤ k ≤ max}                              | `pow2(min=-4,max=3)`                     |
 * | `binary`  | {−S, +S}, sign(0) = +S                                    | `binary`, `binary(scale=0.5)`            |
 * | `ternary` | {−S, 0, +S}                                               | `ternary(threshold=0.5)`                 |
 *
 * The parser in `parseFormat.ts` turns spec strings and preset ids into these objects; `formatToString` goes back.
 *
 * The union is open: `FormatSpecMap` maps each `kind` to its spec type, and a family module added later (e.g. the
 * block-scaled families) extends it with `declare module './formatSpec.js' { interface FormatSpecMap { … } }`
 * next to its registry entry, so adding a family never edits this file.
 * @example
 * const spec: FormatSpec = parseFormat('float(e=4,m=3,specials=fn)');
 * spec.kind // 'float'
 */
export type FormatSpec = FormatSpecMap[keyof FormatSpecMap];

/** `kind → spec type` of every format family (extended by declaration merging in each family module). */
export interface FormatSpecMap {
  float: FloatSpec;
  fixed: FixedSpec;
  dfixed: DfixedSpec;
  pow2: Pow2Spec;
  binary: BinarySpec;
  ternary: TernarySpec;
}

/**
 * Which special encodings a float format has (semantics of test/fixtures/vectors/README.md).
 * @example
 * parseFormat('float(e=4,m=3,specials=fnuz)')
 */
export type FloatSpecials = 'ieee' | 'fn' | 'fnuz' | 'none';
/**
 * Subnormal handling: IEEE gradual underflow, none (round within {0, 2^emin}), or flush-to-zero after rounding.
 * @example
 * parseFormat('float(e=5,m=2,subnormals=ftz)')
 */
export type SubnormalMode = 'on' | 'off' | 'ftz';
/**
 * What a finite overflow becomes: ±inf (IEEE, direction-dependent), ±max, or NaN.
 * @example
 * parseFormat('float(e=4,m=3,specials=fn,overflow=saturate)')
 */
export type FloatOverflow = 'inf' | 'saturate' | 'nan';

/**
 * A binary floating-point format with `e` exponent bits and `m` stored mantissa bits (precision p = m + 1).
 *
 * Bias is 2^(e−1)−1, except `fnuz` (2^(e−1)). Special encodings:
 * - `ieee`: exponent all ones is ±inf (mantissa 0) or NaN;
 * - `fn`: no inf; only the all-ones exponent-and-mantissa pattern is NaN (OCP E4M3: max 448);
 * - `fnuz`: no inf, no −0; the single NaN is the pattern 1000…0;
 * - `none`: every code is finite (OCP MX FP6/FP4); only `overflow=saturate` is allowed.
 * @example
 * const e5m2 = parseFormat('float(e=5,m=2)') as FloatSpec;
 * e5m2.e // 5
 */
export interface FloatSpec {
  readonly kind: 'float';
  readonly e: number;
  readonly m: number;
  readonly subnormals: SubnormalMode;
  readonly specials: FloatSpecials;
  readonly overflow: FloatOverflow;
}

/**
 * Overflow of a fixed-point result: clamp to the range, or reduce the code modulo 2^w.
 * @example
 * parseFormat('fixed(w=8,f=4,overflow=wrap)')
 */
export type FixedOverflow = 'saturate' | 'wrap';

/**
 * Fixed point: value = code · 2^−f with a `w`-bit code, two's complement when `signed`. f may be negative or > w.
 * @example
 * const q4_4 = parseFormat('fixed(w=8,f=4)') as FixedSpec;
 * quantize(q4_4, 1.03) // 1
 */
export interface FixedSpec {
  readonly kind: 'fixed';
  readonly signed: boolean;
  readonly w: number;
  readonly f: number;
  readonly overflow: FixedOverflow;
}

/**
 * Dynamic fixed point (Courbariaux et al. 2014): a signed `w`-bit fixed format whose fraction length is state kept
 * per group of values. `f` is the initial fraction length (default w − 1 − 5: five integer bits, the paper's
 * "5 works most of the time").
 * @example
 * const d = parseFormat('dfixed(w=10)') as DfixedSpec;
 * DynamicFixedState.fromSpec(d)
 */
export interface DfixedSpec {
  readonly kind: 'dfixed';
  readonly w: number;
  readonly f: number;
  readonly overflow: FixedOverflow;
}

/**
 * Power-of-two operands of a bit-shift multiplier: {0} ∪ {±2^k : min ≤ k ≤ max}.
 * @example
 * quantize(parseFormat('pow2(min=-4,max=3)'), 0.3) // 0.25
 */
export interface Pow2Spec {
  readonly kind: 'pow2';
  readonly min: number;
  readonly max: number;
}

/**
 * Binary values ±scale, sign(0) = +scale.
 * @example
 * quantize(parseFormat('binary'), -0.2) // -1
 */
export interface BinarySpec {
  readonly kind: 'binary';
  readonly scale: number;
}

/**
 * Ternary values {−scale, 0, +scale}; |x| > threshold (deterministic modes) maps to ±scale.
 * @example
 * quantize(parseFormat('ternary(threshold=0.5)'), 0.3) // 0
 */
export interface TernarySpec {
  readonly kind: 'ternary';
  readonly threshold: number;
  readonly scale: number;
}

/** Type guards. */
export const isFloatSpec = (s: FormatSpec): s is FloatSpec => s.kind === 'float';
export const isFixedSpec = (s: FormatSpec): s is FixedSpec => s.kind === 'fixed';
export const isDfixedSpec = (s: FormatSpec): s is DfixedSpec => s.kind === 'dfixed';
export const isPow2Spec = (s: FormatSpec): s is Pow2Spec => s.kind === 'pow2';
export const isBinarySpec = (s: FormatSpec): s is BinarySpec => s.kind === 'binary';
export const isTernarySpec = (s: FormatSpec): s is TernarySpec => s.kind === 'ternary';
