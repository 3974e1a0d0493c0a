import type { FormatSpec } from './formatSpec.js';
import type { RoundingMode } from '../rounding/roundingMode.js';
import type { FormatHandler } from './formatHandler.js';
import type { SpecArgs } from './specArgs.js';
import type { OperandView } from './operandView.js';
import type { BlockOps } from './blockOps.js';

/**
 * What a family's builder and printer may call back into: the whole parser (for nested specs such as the element
 * of a block format) and the printer. Passed in, not imported, so that family modules never import the parser.
 */
export interface FamilyContext {
  /** Parses any spec string or preset id. */
  parse(text: string): FormatSpec;
  /** The canonical spec string of any format. */
  toString(spec: FormatSpec): string;
  /** The preset id of a format when it has one, else its canonical spec string. */
  name(spec: FormatSpec): string;
}

/** One spec-string name of a family (`fixed` and `ufixed` are two names of one family): its keys and builder. */
export interface SpecName<S> {
  readonly keys: readonly string[];
  /** Builds the spec from the arguments; throws `badFormat(text, why)` on a bad value. */
  build(text: string, args: SpecArgs, ctx: FamilyContext): S;
}

/**
 * Format facts as numbers, as `ml_dtypes.finfo` gives them (`lowbit format SPEC --json`). `bits` is one element's
 * code; `bitsPerElement` adds the share of a block's scale (MXFP4: 4.25). Fields that do not apply are absent.
 * @example
 * describeFormat(parseFormat('mxfp4_e2m1')).facts.bitsPerElement // 4.25
 */
export interface FormatFacts {
  bits: number;
  bitsPerElement: number;
  /** Significant bits: p = m + 1 of a float; the magnitude bits of an integer code. */
  p?: number;
  emin?: number;
  emax?: number;
  /** Largest and most negative finite value. */
  max: number;
  min: number;
  /** Smallest positive normal value (floats); smallest positive value otherwise. */
  tiny?: number;
  smallestSubnormal?: number;
  /** Distance from 1 to the next larger value (floats); the step (fixed point). */
  eps?: number;
  /** Block formats: elements per scale (or `channel`/`tensor`), the scale and element formats. */
  block?: number | 'channel' | 'tensor';
  scale?: string;
  scaleBits?: number;
  elem?: string;
}

/** Counts an array kernel adds to (see `QuantizeCounts`). */
export interface KernelCounts {
  count: number;
  overflow: number;
  underflow: number;
  inexact: number;
}

/**
 * A family's allocation-free array body of `quantizeArray`: the same values, flags and draws (one per element, in
 * order, only under `sr`) as the scalar loop; false, having done nothing, when it does not apply.
 */
export type ArrayKernel<S> = (
  spec: S,
  xs: Float32Array | Float64Array,
  out: Float32Array | Float64Array,
  mode: RoundingMode,
  draw: () => number,
  counts: KernelCounts | undefined,
  /** The caller's generator, when given: a batched counter-based generator lets `sr` kernels draw in bulk. */
  gen?: unknown,
) => boolean;

/**
 * A format family as a complete plug-in: everything lowbit knows about the family lives in its module, and every
 * entry point (`parseFormat`, `formatToString`, `formatBits`, `describeFormat`, `float32Limitation`,
 * `toOperandFormat`, `quantize*`, `encode`/`decode`, the array fast path, block quantization) dispatches through
 * the `kind → family` registry (`simulators/registry.ts`). Adding a family is one module (its spec type joins
 * `FormatSpecMap` by declaration merging), one line in the registry, and its test.
 *
 * Family modules must not import the parser, the presets or `describeFormat` (they get a `FamilyContext`
 * instead): the registry imports every family, and those modules import the registry.
 */
export interface FormatFamily<S extends FormatSpec = FormatSpec> extends FormatHandler<S> {
  readonly kind: S['kind'];
  /** Spec-string names with their keys and builders. */
  readonly names: Readonly<Record<string, SpecName<S>>>;
  /** Preset ids this family contributes (id → spec string). */
  readonly presets?: Readonly<Record<string, string>>;
  /** The canonical spec string (defaults omitted), which the parser reads back to an equal spec. */
  toString(spec: S, ctx: FamilyContext): string;
  /** The display rows of `lowbit format SPEC`. */
  describe(spec: S, ctx: FamilyContext): Array<[string, string]>;
  /** The numeric facts of `lowbit format SPEC --json`. */
  facts(spec: S, ctx: FamilyContext): FormatFacts;
  /** Why float32 tensors cannot hold every value exactly, or undefined when they can. */
  float32Limitation(spec: S): string | undefined;
  /** The cost-model view: storage bits and the arithmetic unit the format implies. */
  operand(spec: S): OperandView;
  /** The array kernel, when the family has one faster than the scalar loop. */
  quantizeArray?: ArrayKernel<S>;
  /** Block-scaled families: quantization with a scale shared over blocks. */
  block?: BlockOps<S>;
}
