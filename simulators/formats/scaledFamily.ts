import type { FormatSpec } from './formatSpec.js';
import type { FamilyContext, FormatFacts, FormatFamily } from './formatFamily.js';
import type { BlockOps } from './blockOps.js';
import type { OperandView } from './operandView.js';
import { badFormat, enumArg, intArg, type SpecArgs } from './specArgs.js';
import { blockArrayKernel, blockScalarOps } from './_block/blockScalar.js';
import { quantizeScaledDoubles, quantizeScaledLine, type ScaledParts } from './_block/scaledQuantize.js';
import { E8M0_SCALE, saturating, scaleBits, scaleValue } from './_block/scaleFormat.js';
import { fixedBitsToCode } from './fixedPoint.js';
import { handlerFor } from '../registry.js';
import { pow2 } from '../_internal/bits.js';
import { DETERMINISTIC_MODES } from '../rounding/roundingMode.js';

/**
 * Scaled formats: `scaled(elem=E, scale=S, block=N|channel|tensor[, axis=K][, zeroPoint=on|off]
 * [, amax=max|percentile(P)])`, elements of any scalar format E times a scale of format S shared by a block.
 *
 * | key       | meaning                                                                                  |
 * |-----------|------------------------------------------------------------------------------------------|
 * | elem      | element format: float, fixed/ufixed, pow2, binary or ternary (e.g. `int8`, `float8_e4m3fn`) |
 * | scale     | scale format: a float (`float32`, `float8_e4m3fn`), a fixed, a `pow2(min=L,max=H)` or `e8m0` |
 * | block     | N consecutive elements along the axis; `channel`: one scale per index of the axis; `tensor`: one scale |
 * | axis      | the blocked axis of a tensor (default: the reduction axis its role implies; the last axis) |
 * | zeroPoint | `on`: asymmetric integer scaling with a zero point (fixed/ufixed elements only)           |
 * | amax      | `max` (default) or `percentile(P)`, 0 < P ≤ 100: the nearest-rank P-th percentile of \|x\| |
 *
 * The scale is the block's amax over the element's largest value, rounded up into S and saturating at S's largest
 * (so only a percentile clips); elements are x/s rounded once in the mode, saturating; value = s × element, an
 * exact double (the spec is rejected when it would not be). A block of zeros gets s = 1 rounded into S. NaN or
 * ±inf in a block makes its values NaN (scale code S's NaN, or none; element codes 0). Asymmetric scaling:
 * s = (max(x,0) − min(x,0))/(code range), zero point z = lo − RNE(min(x,0)/s), code = clamp(round(x/s) + z).
 * `scaled(elem=int8,scale=float32,block=channel)` is QKeras/Brevitas per-channel int8;
 * `scaled(elem=float(e=4,m=3),scale=pow2(min=-127,max=127),block=32)` a block float; per-channel of one channel
 * is per-tensor. Not modelled: scales computed in float32 (amax/127 rounded to nearest) can differ by an ulp;
 * the percentile is nearest-rank, without interpolation.
 * @example quantizeBlocks(parseFormat('scaled(elem=int8,scale=float32,block=tensor)'), [0.5, -1, 127]).values // s = 1
 * References: QKeras `quantized_bits(alpha=...)`; Brevitas `Int8WeightPerTensorFloat`; ONNX QuantizeLinear;
 * QPyTorch `BlockFloatingPoint`; Jacob et al. 2018 (arXiv:1712.05877) for the zero point.
 */
export interface ScaledSpec extends ScaledParts {
  readonly kind: 'scaled';
  readonly axis?: number;
}

declare module './formatSpec.js' {
  interface FormatSpecMap {
    scaled: ScaledSpec;
  }
}

const ELEM_KINDS = ['float', 'fixed', 'pow2', 'binary', 'ternary'];
const SCALE_KINDS = ['float', 'fixed', 'pow2'];
const KEYS = ['elem', 'scale', 'block', 'axis', 'zeroPoint', 'amax'];

function nested(text: string, a: SpecArgs, key: string, ctx: FamilyContext, kinds: string[]): FormatSpec {
  const raw = a.get(key);
  if (raw === undefined) throw badFormat(text, `missing key '${key}' (a format of kind ${kinds.join('|')})`);
  if (key === 'scale' && raw === 'e8m0') return E8M0_SCALE;
  let spec: FormatSpec;
  try {
    spec = ctx.parse(raw);
  } catch (e) {
    throw badFormat(text, `${key}: ${(e as Error).message}`);
  }
  if (!kinds.includes(spec.kind)) throw badFormat(text, `${key} must be a format of kind ${kinds.join('|')}${key === 'scale' ? ' or e8m0' : ''}; got ${raw} (${spec.kind})`);
  return spec;
}

function buildScaled(text: string, a: SpecArgs, ctx: FamilyContext): ScaledSpec {
  const elem = nested(text, a, 'elem', ctx, ELEM_KINDS);
  const scale = nested(text, a, 'scale', ctx, SCALE_KINDS);
  const rawBlock = a.get('block');
  if (rawBlock === undefined) throw badFormat(text, `missing key 'block' (a block size N ≥ 1, channel or tensor)`);
  const block = rawBlock === 'channel' || rawBlock === 'tensor' ? rawBlock : intArg(text, a, 'block', 1, 1 << 20);
  const axis = a.has('axis') ? intArg(text, a, 'axis', -8, 7) : undefined;
  const zeroPoint = enumArg(text, a, 'zeroPoint', ['on', 'off'] as const, 'off') === 'on';
  const rawAmax = a.get('amax') ?? 'max';
  const m = /^percentile\(\s*([0-9.eE+-]+)\s*\)$/.exec(rawAmax);
  const pct = m ? Number(m[1]) : NaN;
  if (rawAmax !== 'max' && !(pct > 0 && pct <= 100)) throw badFormat(text, `amax must be max or percentile(P) with 0 < P ≤ 100; got ${rawAmax}`);
  const amax = rawAmax === 'max' ? 'max' : { percentile: pct };
  if (zeroPoint && elem.kind !== 'fixed') throw badFormat(text, `zeroPoint=on needs an integer element (fixed or ufixed); got elem ${ctx.toString(elem)}`);
  if (zeroPoint && amax !== 'max') throw badFormat(text, 'amax=percentile(P) applies to symmetric scaling; use zeroPoint=off');
  const spec: ScaledSpec = { kind: 'scaled', elem, scale, block, ...(axis === undefined ? {} : { axis }), zeroPoint, amax };
  const why = exactnessProblem(spec, ctx);
  if (why) throw badFormat(text, why);
  return spec;
}

/** Why scale × element would not always be an exact double (significant bits or exponent range), if it would not. */
function exactnessProblem(spec: ScaledSpec, ctx: FamilyContext): string | undefined {
  const E = handlerFor(spec.elem).facts(spec.elem, ctx);
  const S = handlerFor(spec.scale).facts(spec.scale, ctx);
  const bits = (E.p ?? 1) + (spec.zeroPoint ? 1 : 0) + (S.p ?? 1);
  if (bits > 53) return `scale × element needs ${bits} significant bits (> 53 of a double); use a narrower scale or element`;
  const big = Math.log2(E.max - E.min) + Math.log2(S.max);
  const small = Math.log2(E.smallestSubnormal ?? E.tiny ?? 1) + Math.log2(S.smallestSubnormal ?? S.tiny ?? 1);
  if (big >= 1024 || small < -1074) return `scale × element leaves the range of doubles (2^${Math.floor(small)} .. 2^${Math.ceil(big)})`;
  return undefined;
}

const scaleName = (spec: ScaledSpec, ctx: FamilyContext) => (JSON.stringify(spec.scale) === JSON.stringify(E8M0_SCALE) ? 'e8m0' : ctx.name(spec.scale));
const storedScaleBits = (spec: ScaledSpec) => scaleBits(spec.scale) + (spec.zeroPoint ? handlerFor(spec.elem).bits(spec.elem) : 0);

function toString(spec: ScaledSpec, ctx: FamilyContext): string {
  let s = `scaled(elem=${ctx.name(spec.elem)},scale=${scaleName(spec, ctx)},block=${spec.block}`;
  if (spec.axis !== undefined) s += `,axis=${spec.axis}`;
  if (spec.zeroPoint) s += ',zeroPoint=on';
  if (spec.amax !== 'max') s += `,amax=percentile(${spec.amax.percentile})`;
  return s + ')';
}

const scaledBlock: BlockOps<ScaledSpec> = {
  layout: (spec) => spec.block,
  axis: (spec) => spec.axis,
  elementSpec: (spec) => saturating(spec.elem),
  elemCodeBits: (spec) => handlerFor(spec.elem).bits(spec.elem),
  scaleCodeBits: (spec) => scaleBits(spec.scale),
  decodeBlock(spec, { scale, zero }, codes) {
    const s = scaleValue(spec.scale, scale);
    const E = saturating(spec.elem);
    const h = handlerFor(E);
    if (!spec.zeroPoint || E.kind !== 'fixed') return codes.map((c) => s * h.decode(E, c));
    if (zero === undefined) throw new RangeError('decodeBlock: zeroPoint=on needs the zero-point code');
    const z = fixedBitsToCode(E, zero);
    return codes.map((c) => (fixedBitsToCode(E, c) - z) * pow2(-E.f) * s || 0);
  },
  quantizeLines: (spec, lines, mode, draw) => lines.map((l) => quantizeScaledLine(spec, l, mode, draw)),
  quantizeDoubles: (spec, lines, outs, mode, draw) => lines.forEach((l, i) => quantizeScaledDoubles(spec, l, outs[i]!, mode, draw)),
};

function facts(spec: ScaledSpec, ctx: FamilyContext): FormatFacts {
  const E = saturating(spec.elem);
  const bits = handlerFor(spec.elem).bits(spec.elem);
  const perElement = typeof spec.block === 'number' ? bits + storedScaleBits(spec) / spec.block : bits;
  return { ...handlerFor(E).facts(E, ctx), bits, bitsPerElement: perElement, block: spec.block, scale: scaleName(spec, ctx), scaleBits: storedScaleBits(spec), elem: ctx.name(spec.elem) };
}

function operand(spec: ScaledSpec): OperandView {
  const v = handlerFor(spec.elem).operand(spec.elem);
  const S = spec.scale;
  const scale = S.kind === 'pow2' ? { kind: 'pow2' as const } : S.kind === 'float' ? { kind: 'float' as const, e: S.e, m: S.m } : { kind: 'int' as const, bits: scaleBits(S) };
  return { ...v, block: { size: typeof spec.block === 'number' ? spec.block : 'line', scaleBits: storedScaleBits(spec), scale } };
}

/** The `scaled` family's registry entry (see `ScaledSpec`). */
export const scaledFamily: FormatFamily<ScaledSpec> = {
  kind: 'scaled',
  names: { scaled: { keys: KEYS, build: buildScaled } },
  toString,
  ...blockScalarOps('scaled', scaledBlock),
  bits: (spec) => handlerFor(spec.elem).bits(spec.elem),
  modes: [...DETERMINISTIC_MODES, 'sr'],
  describe(spec, ctx) {
    const f = facts(spec, ctx);
    const axis = spec.axis === undefined ? 'the default axis' : `axis ${spec.axis}`;
    const where = spec.block === 'channel' ? `one scale per channel (each index of ${axis})` : spec.block === 'tensor' ? 'one scale per tensor' : `${spec.block} elements share one scale${spec.axis === undefined ? '' : ` along axis ${spec.axis}`}`;
    return [
      ['element', `${ctx.name(spec.elem)} (${f.bits} bits, max ${f.max}, saturating)`],
      ['scale', `${scaleName(spec, ctx)} (${scaleBits(spec.scale)} bits): amax / ${f.max} rounded up into the scale format`],
      ['block', where],
      ['amax', spec.amax === 'max' ? 'max |x|' : `nearest-rank percentile ${spec.amax.percentile} of |x|`],
      ['zero point', spec.zeroPoint ? `on (${f.bits} bits per block)` : 'off (symmetric)'],
      ['bits per element', typeof spec.block === 'number' ? `${f.bitsPerElement} (${f.bits} + ${storedScaleBits(spec)}/${spec.block})` : `${f.bits} (+ ${storedScaleBits(spec)} per ${spec.block})`],
    ];
  },
  facts,
  float32Limitation(spec) {
    const e = handlerFor(spec.elem).float32Limitation(spec.elem);
    if (e) return `element: ${e}`;
    const s = handlerFor(spec.scale).float32Limitation(spec.scale);
    return s ? `scale: ${s}` : undefined;
  },
  operand,
  quantizeArray: blockArrayKernel(scaledBlock),
  block: scaledBlock,
};
