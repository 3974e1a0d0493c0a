import type { FixedSpec, FloatSpec, FormatSpec } from './formatSpec.js';
import type { FamilyContext, FormatFamily } from './formatFamily.js';
import type { BlockOps, ExactValue, QuantizedLine } from './blockOps.js';
import type { RoundingMode } from '../rounding/roundingMode.js';
import { DETERMINISTIC_MODES } from '../rounding/roundingMode.js';
import { floatLayout } from './floatLayout.js';
import { badFormat, intArg } from './specArgs.js';
import { absFloorLog2, isSpecial, isZero, roundScaledPow2 } from './_block/exactValue.js';
import { blockArrayKernel, blockScalarOps } from './_block/blockScalar.js';
import { roundBlocksPow2 } from './_block/fastRound.js';
import { handlerFor } from '../registry.js';
import { floorLog2, pow2 } from '../_internal/bits.js';
import { FLAG_O } from '../_internal/flags.js';

/**
 * OCP Microscaling (MX) block formats: `mx(elem=E[,block=K])`, K elements sharing one E8M0 power-of-two scale
 * (default K = 32). Presets `mxfp8_e4m3 mxfp8_e5m2 mxfp6_e3m2 mxfp6_e2m3 mxfp4_e2m1 mxint8`.
 *
 * | step | rule (OCP MX v1.0 §6.3 Algorithm 1; microxcaling where the spec is silent) |
 * |------|------------------------------------------------------------------------------|
 * | shared exponent | e = ⌊log2 amax⌋ − emax(E), amax = max \|V_i\| exactly; scale X = 2^e, code e + 127 |
 * | all-zero block | e = −127 (code 0x00); elements ±0 |
 * | e < −127 | e = −127, elements round normally (often to ±0 or subnormals) |
 * | e > 127, or NaN/±inf in the block | scale 0xFF (NaN): every value of the block NaN, element codes 0 |
 * | elements | P_i = V_i / X rounded in the mode, subnormals kept, saturating to ±max normal in every mode; −0 kept |
 * | integer elements | intN: code c ∈ [−(2^(N−1)−1), 2^(N−1)−1], value c·2^−(N−2) (MXINT8: c/64), emax 0; no −0 |
 * | value | X × P_i, an exact double |
 *
 * Element formats E: any float format (the OCP ones are float8_e4m3fn, float8_e5m2, float6_e3m2fn,
 * float6_e2m3fn, float4_e2m1fn; the element always saturates, whatever the preset's overflow) or a signed integer
 * `fixed(w=N,f=0)`, 2 ≤ N ≤ 16 (`int8` for MXINT8). The scale rule never depends on the rounding mode.
 * Stochastic rounding draws once per element, in order. Not modelled: the 0x80 MXINT8 code (−2) is never produced.
 * @example quantizeBlocks(parseFormat('mxfp4_e2m1'), [1, 2, 3, 100]).values // [0, 2, 4, 96]: X = 2^(6−2) = 16
 * References: OCP Microscaling Formats (MX) v1.0 (2023) §5, §6.3; Rouhani et al., "Microscaling Data Formats for
 * Deep Learning", arXiv:2310.10537; Microsoft microxcaling `mx/mx_ops.py` `_quantize_mx`; pytorch/ao `to_mx`.
 */
export interface MxSpec {
  readonly kind: 'mx';
  /** The element format, normalised: floats with overflow=saturate, integers as fixed(w=N,f=0). */
  readonly elem: FloatSpec | FixedSpec;
  readonly block: number;
}

declare module './formatSpec.js' {
  interface FormatSpecMap {
    mx: MxSpec;
  }
}

const E8M0_NAN = 0xffn;
const SCALE_MIN = -127;
const SCALE_MAX = 127;

/** The OCP element names, for printing specs back with them. */
const ELEMENT_NAMES: ReadonlyArray<[string, FloatSpec | FixedSpec]> = [
  ['float8_e4m3fn', { kind: 'float', e: 4, m: 3, subnormals: 'on', specials: 'fn', overflow: 'saturate' }],
  ['float8_e5m2', { kind: 'float', e: 5, m: 2, subnormals: 'on', specials: 'ieee', overflow: 'saturate' }],
  ['float6_e3m2fn', { kind: 'float', e: 3, m: 2, subnormals: 'on', specials: 'none', overflow: 'saturate' }],
  ['float6_e2m3fn', { kind: 'float', e: 2, m: 3, subnormals: 'on', specials: 'none', overflow: 'saturate' }],
  ['float4_e2m1fn', { kind: 'float', e: 2, m: 1, subnormals: 'on', specials: 'none', overflow: 'saturate' }],
  ['int8', { kind: 'fixed', signed: true, w: 8, f: 0, overflow: 'saturate' }],
];

const sameSpec = (a: FormatSpec, b: FormatSpec) => JSON.stringify(a) === JSON.stringify(b);

function elemName(elem: FormatSpec, ctx: FamilyContext): string {
  return ELEMENT_NAMES.find(([, s]) => sameSpec(s, elem))?.[0] ?? ctx.toString(elem);
}

/** The format each element is rounded into: the float element itself, or intN as fixed(w=N, f=N−2). */
function elemRounding(spec: MxSpec): FormatSpec {
  return spec.elem.kind === 'float' ? spec.elem : { ...spec.elem, f: spec.elem.w - 2 };
}

/** emax of the element: the float's, 0 for integers (largest value just below 2). */
function elemEmax(spec: MxSpec): number {
  return spec.elem.kind === 'float' ? floatLayout(spec.elem).emax : 0;
}

function nanLine(n: number): { codes: bigint[]; values: number[]; flags: number[] } {
  return { codes: new Array<bigint>(n).fill(0n), values: new Array<number>(n).fill(NaN), flags: new Array<number>(n).fill(0) };
}

function quantizeLine(spec: MxSpec, xs: readonly ExactValue[], mode: RoundingMode, draw: () => number): QuantizedLine {
  const K = spec.block;
  const R = elemRounding(spec);
  const h = handlerFor(R);
  const emax = elemEmax(spec);
  const w = spec.elem.kind === 'fixed' ? spec.elem.w : 0;
  const intMin = w ? -2 : 0; // the code −2^(N−1) at f = N − 2
  const scaleCodes: bigint[] = [];
  const scales: number[] = [];
  const codes: bigint[] = [];
  const values: number[] = [];
  const flags: number[] = [];
  for (let lo = 0; lo < xs.length; lo += K) {
    const block = xs.slice(lo, lo + K);
    const u = mode === 'sr' ? block.map(() => draw()) : undefined;
    let e = SCALE_MIN;
    let nan = block.some(isSpecial);
    if (!nan) {
      let E = -Infinity;
      for (const v of block) if (!isZero(v)) E = Math.max(E, absFloorLog2(v));
      if (E !== -Infinity) e = Math.max(SCALE_MIN, E - emax);
      if (e > SCALE_MAX) nan = true;
    }
    if (nan) {
      scaleCodes.push(E8M0_NAN);
      scales.push(NaN);
      const n = nanLine(block.length);
      codes.push(...n.codes);
      values.push(...n.values);
      flags.push(...n.flags);
      continue;
    }
    scaleCodes.push(BigInt(e - SCALE_MIN));
    scales.push(pow2(e));
    for (let i = 0; i < block.length; i++) {
      const r = roundScaledPow2(h, R, block[i]!, e, mode, u ? u[i]! : 0);
      let P = r.value;
      let f = r.flags;
      if (P === intMin && intMin !== 0) {
        // the symmetric integer range: −2^(N−1) is not produced (microxcaling clamps to ±(2^(N−1)−1))
        P = -(2 ** (w - 1) - 1) * pow2(-(w - 2));
        f |= FLAG_O;
      }
      codes.push(h.encode(R, P));
      values.push(P * pow2(e));
      flags.push(f);
    }
  }
  return { blockSize: K, scaleCodes, scales, codes, values, flags };
}

/** `quantizeLine`'s values on doubles, through one call of the element format's array kernel per line. */
function quantizeDoublesLine(spec: MxSpec, xs: Float64Array, out: Float64Array, mode: RoundingMode, draw: () => number): void {
  const K = spec.block;
  const emax = elemEmax(spec);
  const w = spec.elem.kind === 'fixed' ? spec.elem.w : 0;
  const es = new Float64Array(Math.ceil(xs.length / K));
  for (let b = 0, lo = 0; lo < xs.length; b++, lo += K) {
    let amax = 0;
    let nan = false;
    for (let i = lo; i < Math.min(xs.length, lo + K); i++) {
      const a = Math.abs(xs[i]!);
      if (!(a <= Number.MAX_VALUE)) nan = true;
      else if (a > amax) amax = a;
    }
    const e = amax === 0 ? SCALE_MIN : Math.max(SCALE_MIN, floorLog2(amax) - emax);
    es[b] = nan || e > SCALE_MAX ? NaN : e;
  }
  roundBlocksPow2(elemRounding(spec), xs, out, K, es, mode, draw);
  const symMin = w ? -(2 ** (w - 1) - 1) * pow2(-(w - 2)) : 0;
  for (let b = 0, lo = 0; lo < xs.length; b++, lo += K) {
    const X = Number.isNaN(es[b]!) ? NaN : pow2(es[b]!);
    for (let i = lo; i < Math.min(xs.length, lo + K); i++) out[i] = (w && out[i] === -2 ? symMin : out[i]!) * X;
  }
}

const mxBlock: BlockOps<MxSpec> = {
  layout: (spec) => spec.block,
  axis: () => undefined,
  elementSpec: elemRounding,
  elemCodeBits: (spec) => handlerFor(spec.elem).bits(spec.elem),
  scaleCodeBits: () => 8,
  decodeBlock(spec, { scale }, codes) {
    if (scale < 0n || scale > E8M0_NAN) throw new RangeError(`decodeBlock: an E8M0 scale code is in 0x00..0xff; got ${scale}`);
    const R = elemRounding(spec);
    const h = handlerFor(R);
    const X = scale === E8M0_NAN ? NaN : pow2(Number(scale) + SCALE_MIN);
    return codes.map((c) => h.decode(R, c) * X);
  },
  quantizeLines: (spec, lines, mode, draw) => lines.map((l) => quantizeLine(spec, l, mode, draw)),
  quantizeDoubles: (spec, lines, outs, mode, draw) => lines.forEach((l, i) => quantizeDoublesLine(spec, l, outs[i]!, mode, draw)),
};

function buildMx(text: string, a: Map<string, string>, ctx: FamilyContext): MxSpec {
  const raw = a.get('elem');
  if (raw === undefined) throw badFormat(text, `missing key 'elem' (float8_e4m3fn, float8_e5m2, float6_e3m2fn, float6_e2m3fn, float4_e2m1fn, int8, or a float(...) spec)`);
  let elem: FormatSpec;
  try {
    elem = ctx.parse(raw);
  } catch (e) {
    throw badFormat(text, `elem: ${(e as Error).message}`);
  }
  const block = intArg(text, a, 'block', 1, 1 << 20, 32);
  if (elem.kind === 'float') return { kind: 'mx', elem: { ...elem, overflow: 'saturate' }, block };
  if (elem.kind === 'fixed' && elem.signed && elem.f === 0 && elem.w >= 2 && elem.w <= 16) return { kind: 'mx', elem: { ...elem, overflow: 'saturate' }, block };
  throw badFormat(text, `elem must be a float format or a signed integer fixed(w=N,f=0) with 2 ≤ N ≤ 16 (int8 for MXINT8); got ${raw}`);
}

const scalar = blockScalarOps('mx', mxBlock);

/** The MX family's registry entry (see `MxSpec`). */
export const mxFamily: FormatFamily<MxSpec> = {
  kind: 'mx',
  names: { mx: { keys: ['elem', 'block'], build: buildMx } },
  presets: {
    mxfp8_e4m3: 'mx(elem=float8_e4m3fn)',
    mxfp8_e5m2: 'mx(elem=float8_e5m2)',
    mxfp6_e3m2: 'mx(elem=float6_e3m2fn)',
    mxfp6_e2m3: 'mx(elem=float6_e2m3fn)',
    mxfp4_e2m1: 'mx(elem=float4_e2m1fn)',
    mxint8: 'mx(elem=int8)',
  },
  toString: (spec, ctx) => `mx(elem=${elemName(spec.elem, ctx)}${spec.block === 32 ? '' : `,block=${spec.block}`})`,
  ...scalar,
  bits: (spec) => handlerFor(spec.elem).bits(spec.elem),
  modes: [...DETERMINISTIC_MODES, 'sr'],
  describe(spec, ctx) {
    const eb = handlerFor(spec.elem).bits(spec.elem);
    const R = elemRounding(spec);
    const max = handlerFor(R).facts(R, ctx).max;
    return [
      ['element', `${elemName(spec.elem, ctx)} (${eb} bits, emax ${elemEmax(spec)}, max ${max}, saturating)`],
      ['scale', 'E8M0: 2^e, -127 <= e <= 127, code e + 127, 0xff = NaN; e = floor(log2 amax) - emax'],
      ['block', `${spec.block} elements share one scale`],
      ['bits per element', `${eb + 8 / spec.block} (${eb} + 8/${spec.block})`],
      ['value', 'scale * element (exact); a block with NaN or inf, or e > 127, is all NaN'],
    ];
  },
  facts(spec, ctx) {
    const R = elemRounding(spec);
    const f = handlerFor(R).facts(R, ctx);
    const bits = handlerFor(spec.elem).bits(spec.elem);
    return { ...f, bits, bitsPerElement: bits + 8 / spec.block, block: spec.block, scale: 'e8m0', scaleBits: 8, elem: elemName(spec.elem, ctx) };
  },
  float32Limitation(spec) {
    // a float32 block's values are P·2^e with e ≥ −127 and |value| < 2^(⌊log2 amax⌋+1): float32 when P's quantum ≥ 2^−22
    if (spec.elem.kind !== 'float') return undefined;
    const L = floatLayout(spec.elem);
    if (L.p > 24) return `element precision p = ${L.p} > 24`;
    if (L.emin - spec.elem.m - 127 < -149) return `element quantum 2^${L.emin - spec.elem.m} times the smallest scale 2^-127 is below float32's 2^-149`;
    return undefined;
  },
  operand(spec) {
    const v = handlerFor(spec.elem).operand(spec.elem);
    return { ...v, block: { size: spec.block, scaleBits: 8, scale: { kind: 'pow2' } } };
  },
  quantizeArray: blockArrayKernel(mxBlock),
  block: mxBlock,
};
