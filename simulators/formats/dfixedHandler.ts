import type { DfixedSpec, FixedSpec } from './formatSpec.js';
import type { FormatHandler } from './formatHandler.js';
import { fixedHandler } from './fixedHandler.js';

/**
 * The signed fixed format a dynamic-fixed spec quantizes with at its current fraction length `f`:
 * `dfixed(w, f)` rounds, encodes and decodes exactly like `fixed(w, f)` (two's complement). The range update
 * lives in `DynamicFixedState` (dynamicFixed.ts), which produces a new spec when `f` changes.
 * @example dfixedToFixed({kind:'dfixed',w:10,f:4,overflow:'saturate'}) // {kind:'fixed',signed:true,w:10,f:4,overflow:'saturate'}
 */
export function dfixedToFixed(spec: DfixedSpec): FixedSpec {
  return { kind: 'fixed', signed: true, w: spec.w, f: spec.f, overflow: spec.overflow };
}

/** Registry entry of the `dfixed` family: delegates every operation to the fixed handler. */
export const dfixedHandler: FormatHandler<DfixedSpec> = {
  round: (spec, x, mode, u) => fixedHandler.round(dfixedToFixed(spec), x, mode, u),
  roundRational: (spec, neg, num, den, mode, u) => fixedHandler.roundRational(dfixedToFixed(spec), neg, num, den, mode, u),
  isValue: (spec, x) => fixedHandler.isValue(dfixedToFixed(spec), x),
  encode: (spec, x) => fixedHandler.encode(dfixedToFixed(spec), x),
  decode: (spec, code) => fixedHandler.decode(dfixedToFixed(spec), code),
  bits: (spec) => spec.w,
  modes: fixedHandler.modes,
};
