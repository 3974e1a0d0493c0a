import type * as tf from '@tensorflow/tfjs';
import type { OpPass, OpTrace } from '../../cost-models/opTrace.js';
import { profileModel, type ProfileOptions } from '../profiler/profileModel.js';
import type { PolicySpec } from '../policy/policySpec.js';

/**
 * The op trace (`profileModel`) of a model that uses the method layers, under a policy. The profiler costs them
 * through the handlers in `methodProfilerHandlers.ts`:
 * - `ByteInput` is the model input as `ufixed(w=bits,f=0)` (the 8-bit input): no error flows back to it;
 * - `ShiftBatchNorm` is batch norm whose products by AP2 values are shifts;
 * - `QbpDense` is a dense layer whose weight gradient multiplies the layer input rounded to
 *   `pow2(min=expMin,max=expMax+1)` by the error (Lin et al.'s quantized back-propagation): a shifter.
 * Kept as the methods' name for `profileModel(model, { ...options, policy })`.
 * @throws RangeError as `profileModel` for layers or policies it cannot cost.
 * @example countMultiplications(methodTrace(model, policy, { phase: 'training' }))
 */
export function methodTrace(model: tf.LayersModel, policy: PolicySpec, options: Omit<ProfileOptions, 'policy'> = {}): OpTrace {
  return profileModel(model, { ...options, policy });
}

/**
 * Products counted by pass: real multiplications (float or integer multipliers) and multiplier-free ones.
 * @example
 * const { forward, backward } = countMultiplications(methodTrace(model, methodPolicy('lin2015'), { phase: 'training' }));
 * backward.multiplierFree // products done by shifts
 */
export type MultiplicationCount = Record<OpPass, { multiplications: number; multiplierFree: number }>;

/**
 * Counts the products of a trace (MAC and elementwise groups) per pass: `multiplications` on float or integer
 * multipliers, `multiplierFree` on muxes (binary/ternary operands), shifters (power-of-two operands) and XNOR
 * gates — the multiplications Lin et al. (2016) and BinaryNet remove.
 * @example countMultiplications(trace).backward.multiplications
 */
export function countMultiplications(trace: OpTrace): MultiplicationCount {
  const out: MultiplicationCount = {
    forward: { multiplications: 0, multiplierFree: 0 },
    backward: { multiplications: 0, multiplierFree: 0 },
    update: { multiplications: 0, multiplierFree: 0 },
  };
  for (const L of trace.layers) {
    for (const g of [...L.macs, ...L.muls]) {
      const real = g.unit.kind === 'floatMul' || g.unit.kind === 'intMul';
      out[g.pass][real ? 'multiplications' : 'multiplierFree'] += g.count;
    }
  }
  return out;
}
