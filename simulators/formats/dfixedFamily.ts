import type { DfixedSpec, FixedSpec } from './formatSpec.js';
import type { FormatFamily } from './formatFamily.js';
import { fixedFamily, fixedFloat32Limitation } from './fixedFamily.js';
import { enumArg, intArg } from './specArgs.js';

/**
 * The signed fixed format a dynamic-fixed spec quantizes with at its current fraction length `f`:
 * `dfixed(w, f)` rounds, encodes and decodes exactly like `fixed(w, f)` (two's complement). The range update
 * lives in `DynamicFixedState` (dynamicFixed.ts), which produces a new spec when `f` changes.
 * @example dfixedToFixed({kind:'dfixed',w:10,f:4,overflow:'saturate'}) // {kind:'fixed',signed:true,w:10,f:4,overflow:'saturate'}
 */
export function dfixedToFixed(spec: DfixedSpec): FixedSpec {
  return { kind: 'fixed', signed: true, w: spec.w, f: spec.f, overflow: spec.overflow };
}

/**
 * The `dfixed` family, `dfixed(w=W[,f=F][,overflow=saturate|wrap])` (Courbariaux et al. 2014): every operation
 * is the fixed family's at the current `f` (default w − 1 − 5: five integer bits). Dynamic fixed point is the
 * per-layer special case of a block-scaled format: one power-of-two scale 2^−f shared by a whole layer's tensor,
 * updated from overflow rates rather than computed from the amax.
 * @example dfixedFamily.toString({kind:'dfixed',w:10,f:4,overflow:'saturate'}, ctx) // 'dfixed(w=10,f=4)'
 */
export const dfixedFamily: FormatFamily<DfixedSpec> = {
  kind: 'dfixed',
  names: {
    dfixed: {
      keys: ['w', 'f', 'overflow'],
      build(text, a) {
        const w = intArg(text, a, 'w', 2, 53);
        const f = intArg(text, a, 'f', -1000, 1074, w - 1 - 5);
        const overflow = enumArg(text, a, 'overflow', ['saturate', 'wrap'] as const, 'saturate');
        return { kind: 'dfixed', w, f, overflow };
      },
    },
  },
  toString: (spec) => `dfixed(w=${spec.w},f=${spec.f}${spec.overflow === 'wrap' ? ',overflow=wrap' : ''})`,
  round: (spec, x, mode, u) => fixedFamily.round(dfixedToFixed(spec), x, mode, u),
  roundRational: (spec, neg, num, den, mode, u) => fixedFamily.roundRational(dfixedToFixed(spec), neg, num, den, mode, u),
  isValue: (spec, x) => fixedFamily.isValue(dfixedToFixed(spec), x),
  encode: (spec, x) => fixedFamily.encode(dfixedToFixed(spec), x),
  decode: (spec, code) => fixedFamily.decode(dfixedToFixed(spec), code),
  bits: (spec) => spec.w,
  modes: fixedFamily.modes,
  describe: (spec, ctx) => [
    ...fixedFamily.describe(dfixedToFixed(spec), ctx),
    ['dynamic', 'fraction length f is state, updated from overflow rates (Courbariaux et al. 2014)'],
  ],
  facts: (spec, ctx) => fixedFamily.facts(dfixedToFixed(spec), ctx),
  float32Limitation: (spec) => fixedFloat32Limitation(dfixedToFixed(spec)),
  operand: (spec) => ({ kind: 'int', bits: spec.w }),
  quantizeArray: (spec, xs, out, mode, draw, counts) => fixedFamily.quantizeArray!(dfixedToFixed(spec), xs, out, mode, draw, counts),
};
