import type { FixedSpec, FloatSpec } from '../../formats/formatSpec.js';
import type { RoundingMode } from '../../rounding/roundingMode.js';
import { floatLayout } from '../../formats/floatLayout.js';
import { fixedCodeRange } from '../../formats/fixedPoint.js';
import { handlerFor } from '../../registry.js';
import { pow2 } from '../../_internal/bits.js';
import { floatRounder, roundFloatFast, type FloatRounder } from '../../fastpath/floatRounder.js';
import { fixedRounder, roundFixedFast, type FixedRounder } from '../../fastpath/fixedRounder.js';
import type { Exact } from '../exactOps.js';

/**
 * Rounds exact results into one float or fixed format (the product or the accumulator format of a dot):
 * doubles through the allocation-free rounders, BigInt rationals through the format handler. The value of an
 * exact infinity or NaN follows `arith`: a float format gives ±inf when it has infinities and NaN otherwise,
 * NaN gives NaN; a fixed format clamps ±inf to its range and gives 0 for NaN.
 */
export interface SideRounder {
  readonly spec: FloatSpec | FixedSpec;
  readonly mode: RoundingMode;
  readonly fl: FloatRounder | undefined;
  readonly fx: FixedRounder | undefined;
  readonly infPos: number;
  readonly infNeg: number;
  readonly nan: number;
  /** Result of the last rounding (a field, not a return value: see `FloatRounder.value`). */
  value: number;
}

export function sideRounder(spec: FloatSpec | FixedSpec, mode: RoundingMode): SideRounder {
  if (spec.kind === 'float') {
    const L = floatLayout(spec);
    return {
      spec,
      mode,
      fl: floatRounder(spec, mode),
      fx: undefined,
      infPos: L.hasInf ? Infinity : NaN,
      infNeg: L.hasInf ? -Infinity : NaN,
      nan: NaN,
      value: 0.5,
    };
  }
  const [lo, hi] = fixedCodeRange(spec);
  return { spec, mode, fl: undefined, fx: fixedRounder(spec, mode), infPos: hi * pow2(-spec.f), infNeg: lo * pow2(-spec.f), nan: 0, value: 0.5 };
}

/**
 * Rounds a finite double (the exact value of a product or a sum) once into `S.value`; ±0 keeps its sign where the
 * format has −0.
 */
export function roundDouble(S: SideRounder, x: number, u: number): void {
  if (S.fl !== undefined) {
    roundFloatFast(S.fl, x, u);
    S.value = S.fl.value;
  } else {
    roundFixedFast(S.fx!, x, u);
    S.value = S.fx!.value;
  }
}

/** Rounds an exact result (see `exactOps.ts`) once into `S.value`. */
export function roundExact(S: SideRounder, ex: Exact, u: number): void {
  switch (ex.kind) {
    case 'finite':
      S.value = handlerFor(S.spec).roundRational(S.spec, ex.neg, ex.num, ex.den, S.mode, u).value;
      return;
    case 'zero':
      roundDouble(S, ex.neg ? -0 : 0, 0);
      return;
    case 'nan':
      S.value = S.nan;
      return;
    case 'inf':
      S.value = ex.neg ? S.infNeg : S.infPos;
  }
}
