import type { FormatSpec } from './formatSpec.js';
import type { RoundingMode } from '../rounding/roundingMode.js';

/**
 * An exact input of block quantization: a double (NaN, ±inf and ±0 included) or an exact rational num/den
 * (den > 0), such as a decimal read from the CLI without rounding.
 */
export type ExactValue = number | { readonly num: bigint; readonly den: bigint };

/**
 * How a vector is cut into blocks: K consecutive elements, or one block per line (`channel`, `tensor`).
 * @example
 * const layout: BlockLayout = 32; // MX: 32 elements share one scale
 */
export type BlockLayout = number | 'channel' | 'tensor';

/**
 * One quantized line: per block its scale (code and value), per element its code and value (scale × element,
 * an exact double), and the element rounding's flags. A code is undefined where the format has no encoding for
 * the value (a NaN block of a scale format without NaN).
 * @example
 * // what a block family's quantizeLines returns for each line: block size, scales and element values
 */
export interface QuantizedLine {
  /** Elements per block used for this line (the line's length for `channel` and `tensor`). */
  readonly blockSize: number;
  readonly scaleCodes: ReadonlyArray<bigint | undefined>;
  readonly scales: readonly number[];
  /** Zero-point codes per block (asymmetric integer scaling only). */
  readonly zeroCodes?: readonly bigint[];
  readonly codes: ReadonlyArray<bigint | undefined>;
  readonly values: readonly number[];
  readonly flags: readonly number[];
}

/**
 * What a block-scaled family adds to its registry entry: quantization of lines with a scale shared per block.
 * A tensor is a list of lines (one vector on the CLI; rows along the blocked axis, or one line per channel, in
 * training); every line is cut into blocks by `layout`. Families whose scale depends on the whole tensor (NVFP4's
 * per-tensor scale) compute it over all the lines given together.
 * @example
 * const ops: BlockOps<FormatSpec> = handlerFor(parseFormat('mxfp4_e2m1')).block!;
 */
export interface BlockOps<S> {
  /** Elements per block, or one block per line. */
  layout(spec: S): BlockLayout;
  /** The axis a spec names (`axis=K`), or undefined for the caller's default (the reduction axis). */
  axis(spec: S): number | undefined;
  /** The element format (its codes are the element codes). */
  elementSpec(spec: S): FormatSpec;
  /** Width of one element code and of one scale code, in bits (the CLI prints ceil(bits/4) hex digits). */
  elemCodeBits(spec: S): number;
  /** Width of one scale code, in bits (8 for E8M0 and UE4M3). */
  scaleCodeBits(spec: S): number;
  /**
   * The values of one block from its codes (the inverse of quantization): `scale` is the scale code, `zero` the
   * zero-point code of asymmetric formats, `tensorScale` the per-tensor scale of two-level formats (NVFP4).
   * @throws RangeError for a code outside its width.
   */
  decodeBlock(spec: S, scale: { scale: bigint; zero?: bigint; tensorScale?: number }, codes: readonly bigint[]): number[];
  /** Quantizes the lines of one tensor; `draw` is called once per element, in order, under `sr` only. */
  quantizeLines(spec: S, lines: ReadonlyArray<readonly ExactValue[]>, mode: RoundingMode, draw: () => number): QuantizedLine[];
  /**
   * The fast path for doubles, values only: `data` holds the tensor's lines one after another, each `lineLength`
   * long; the same values (and draws) as `quantizeLines` on those lines, written into `out`. Used by the array and
   * tensor entry points when no flag counts are asked for.
   */
  quantizeDoubles?(spec: S, data: Float64Array, lineLength: number, out: Float64Array, mode: RoundingMode, draw: () => number): void;
}
