import type { FloatSpec } from './formatSpec.js';
import type { FormatFamily } from './formatFamily.js';
import type { BlockOps, ExactValue, QuantizedLine } from './blockOps.js';
import type { RoundingMode } from '../rounding/roundingMode.js';
import { DETERMINISTIC_MODES } from '../rounding/roundingMode.js';
import { intArg } from './specArgs.js';
import { isNeg, isSpecial, isZero, maxAbs, roundQuotient } from './_block/exactValue.js';
import { blockArrayKernel, blockScalarOps } from './_block/blockScalar.js';
import { blockAmax, blockStarts, roundBlocksQuotient, roundQuotientArray } from './_block/fastRound.js';
import { handlerFor } from '../registry.js';
import { pow2 } from '../_internal/bits.js';
import { FLAG_X } from '../_internal/flags.js';

/**
 * NVFP4: E2M1 elements, an unsigned E4M3 scale per block of 16 (`nvfp4`, or `nvfp4(block=K)`), and a per-tensor
 * float32 scale. The exact-arithmetic reading of the two-level recipe (pytorch/ao `nvfp4_quantize` with a dynamic
 * per-tensor scale; NVIDIA Transformer Engine and cuDNN block-scale docs); a CLI line is the tensor:
 *
 * | step | rule |
 * |------|------|
 * | tensor scale | T = max \|x_i\| over the tensor; s_t = binary32-RNE(T / 2688), 2688 = 448·6, saturating at FLT_MAX; a result 0 becomes 2^−149; T = 0 gives s_t = 1. Not printed. |
 * | block scale | s_b = E4M3-RNE(amax_b / (6·s_t)) of the exact quotient, saturating at 448, always RNE; may be 0 or subnormal (no lower clamp, as TE/cuDNN). Code: the E4M3 bits (0x00..0x7e). |
 * | elements | P_i = E2M1 rounding of x_i / (s_t·s_b) in the mode, saturating at ±6, sign kept; s_b = 0 gives P_i = ±0 |
 * | value | s_t·s_b·P_i (an exact double: at most 30 significant bits) |
 * | NaN or ±inf anywhere in the tensor | every block scale 0x7f (E4M3 NaN), element codes 0, values NaN |
 *
 * Not modelled: real kernels compute amax/6, the quotient and x·enc in float32 (some with approximate reciprocals)
 * and may differ from these exact results at near-ties; TE rounds 2688/T instead of T/2688; ao clamps s_b at 2^−6.
 * On a Float32Array, a value that needs more than 24 significant bits (s_t has up to 24) is rounded to nearest
 * even once, as a float32 dequantization computes s_t·s_b·P.
 * @example quantizeBlocks(parseFormat('nvfp4'), [1, 2, 3, 6]).values // s_t = 6/2688, s_b = 448: [1, 2, 3, 6]
 * References: NVIDIA, "Pretraining Large Language Models with NVFP4" (arXiv:2509.25149); pytorch/ao
 * `nvfp4_tensor.py`; NVIDIA Transformer Engine NVFP4 recipe docs; cuDNN block scaling docs.
 */
export interface Nvfp4Spec {
  readonly kind: 'nvfp4';
  readonly block: number;
}

declare module './formatSpec.js' {
  interface FormatSpecMap {
    nvfp4: Nvfp4Spec;
  }
}

const E2M1: FloatSpec = { kind: 'float', e: 2, m: 1, subnormals: 'on', specials: 'none', overflow: 'saturate' };
const UE4M3: FloatSpec = { kind: 'float', e: 4, m: 3, subnormals: 'on', specials: 'fn', overflow: 'saturate' };
const F32: FloatSpec = { kind: 'float', e: 8, m: 23, subnormals: 'on', specials: 'ieee', overflow: 'saturate' };
const E4M3_NAN = 0x7fn;
const AMAX_DEN = 2688; // 448 · 6: the largest E4M3 scale times the largest E2M1 element

/** The per-tensor scale s_t of finite inputs (see the table). */
function tensorScale(all: readonly ExactValue[]): number {
  const T = maxAbs(all);
  if (isZero(T)) return 1;
  const s = roundQuotient(handlerFor(F32), F32, T, AMAX_DEN, 'rne', 0).value;
  return s === 0 ? pow2(-149) : s;
}

function quantizeLine(spec: Nvfp4Spec, xs: readonly ExactValue[], st: number, nan: boolean, mode: RoundingMode, draw: () => number): QuantizedLine {
  const hE = handlerFor(E2M1);
  const hS = handlerFor(UE4M3);
  const scaleCodes: bigint[] = [];
  const scales: number[] = [];
  const codes: bigint[] = [];
  const values: number[] = [];
  const flags: number[] = [];
  for (let lo = 0; lo < xs.length; lo += spec.block) {
    const block = xs.slice(lo, lo + spec.block);
    const u = mode === 'sr' ? block.map(() => draw()) : undefined;
    if (nan) {
      scaleCodes.push(E4M3_NAN);
      scales.push(NaN);
      for (let i = 0; i < block.length; i++) codes.push(0n), values.push(NaN), flags.push(0);
      continue;
    }
    const sb = roundQuotient(hS, UE4M3, maxAbs(block), 6 * st, 'rne', 0).value;
    scaleCodes.push(hS.encode(UE4M3, sb));
    scales.push(sb);
    const d = st * sb; // exact: 24 + 4 significant bits
    for (let i = 0; i < block.length; i++) {
      const v = block[i]!;
      const r = sb === 0 ? { value: isNeg(v) ? -0 : 0, flags: isZero(v) ? 0 : FLAG_X } : roundQuotient(hE, E2M1, v, d, mode, u ? u[i]! : 0);
      codes.push(hE.encode(E2M1, r.value));
      values.push(d * r.value);
      flags.push(r.flags);
    }
  }
  return { blockSize: spec.block, scaleCodes, scales, codes, values, flags };
}

const nvfp4Block: BlockOps<Nvfp4Spec> = {
  layout: (spec) => spec.block,
  axis: () => undefined,
  elementSpec: () => E2M1,
  elemCodeBits: () => 4,
  scaleCodeBits: () => 8,
  decodeBlock(_spec, { scale, tensorScale: st }, codes) {
    if (st === undefined || !(st > 0)) throw new RangeError(`decodeBlock: nvfp4 needs the per-tensor scale (a positive float32); got ${st}`);
    const sb = handlerFor(UE4M3).decode(UE4M3, scale);
    if (scale > E4M3_NAN) throw new RangeError(`decodeBlock: an NVFP4 block scale is an unsigned E4M3 code 0x00..0x7f; got ${scale}`);
    return codes.map((c) => st * sb * handlerFor(E2M1).decode(E2M1, c));
  },
  quantizeLines(spec, lines, mode, draw) {
    const all = lines.flat();
    const nan = all.some(isSpecial);
    const st = nan ? NaN : tensorScale(all);
    return lines.map((l) => quantizeLine(spec, l, st, nan, mode, draw));
  },
  quantizeDoubles(spec, xs, L, out, mode, draw) {
    const starts = blockStarts(xs.length, L, spec.block);
    const amax = blockAmax(xs, starts);
    const nan = amax.some(Number.isNaN);
    const st = nan ? NaN : tensorScale([amax.reduce((a, b) => Math.max(a, b), 0)]);
    const sbs = new Float64Array(amax.length).fill(NaN);
    if (!nan) roundQuotientArray(UE4M3, amax, sbs, 6 * st, 'rne', () => 0); // amax ≥ 0: RNE of each exact quotient
    // a zero block scale gives ±0 elements: divide by 1 (any positive divisor keeps the draws aligned)
    const ds = sbs.map((sb) => (sb === 0 ? 1 : st * sb));
    roundBlocksQuotient(E2M1, xs, out, starts, ds, mode, draw);
    for (let b = 0; b < ds.length; b++) {
      for (let i = starts[b]!; i < starts[b + 1]!; i++) out[i] = sbs[b] === 0 ? (isNeg(xs[i]!) ? -0 : 0) : ds[b]! * out[i]!;
    }
  },
};

/** The NVFP4 family's registry entry (see `Nvfp4Spec`). */
export const nvfp4Family: FormatFamily<Nvfp4Spec> = {
  kind: 'nvfp4',
  names: { nvfp4: { keys: ['block'], build: (text, a) => ({ kind: 'nvfp4', block: intArg(text, a, 'block', 1, 1 << 20, 16) }) } },
  presets: { nvfp4: 'nvfp4(block=16)' },
  toString: (spec) => (spec.block === 16 ? 'nvfp4' : `nvfp4(block=${spec.block})`),
  ...blockScalarOps('nvfp4', nvfp4Block),
  bits: () => 4,
  modes: [...DETERMINISTIC_MODES, 'sr'],
  describe: (spec) => [
    ['element', 'float4_e2m1fn (4 bits, max 6, saturating)'],
    ['block scale', 'unsigned E4M3 (code 0x00..0x7e, 0x7f = NaN): E4M3-RNE(amax_b / (6 * s_t)), saturating at 448, may be 0'],
    ['tensor scale', 'float32 s_t = RNE(amax / 2688) over the tensor (a CLI line), not printed'],
    ['block', `${spec.block} elements share one block scale`],
    ['bits per element', `${4 + 8 / spec.block} (4 + 8/${spec.block}, plus 32 per tensor)`],
    ['value', 's_t * s_b * element (exact); NaN or inf anywhere makes the tensor NaN'],
  ],
  facts: (spec, ctx) => ({
    ...handlerFor(E2M1).facts(E2M1, ctx),
    bits: 4,
    bitsPerElement: 4 + 8 / spec.block,
    block: spec.block,
    scale: 'ue4m3',
    scaleBits: 8,
    elem: 'float4_e2m1fn',
  }),
  float32Limitation: () => undefined,
  operand: (spec) => ({ kind: 'float', bits: 4, e: 2, m: 1, block: { size: spec.block, scaleBits: 8, scale: { kind: 'float', e: 4, m: 3 }, tensorScale: true } }),
  quantizeArray: blockArrayKernel(nvfp4Block),
  block: nvfp4Block,
};
