import * as tf from '@tensorflow/tfjs';
import type { LayerTrace, MacGroup, OpPass, OpTrace } from '../../cost-models/opTrace.js';
import { classifyMac, defaultAccumulator } from '../../cost-models/macUnit.js';
import { toOperandFormat } from '../../cost-models/operandFormat.js';
import { profileModel, type ProfileOptions } from '../profiler/profileModel.js';
import type { PolicySpec } from '../policy/policySpec.js';

/** How the profiler should see each method layer: the class it costs like. */
const AS_CLASS: Record<string, string> = { QbpDense: 'QDense', ShiftBatchNorm: 'BatchNorm', ByteInput: 'Activation' };

interface LayerJson {
  class_name: string;
  config: Record<string, unknown>;
}

/**
 * The op trace (`profileModel`) of a model that uses the method layers:
 * - `ByteInput` costs as a linear activation whose output is `ufixed(w=bits,f=0)` (the 8-bit input);
 * - `ShiftBatchNorm` costs as batch norm (its AP2 products are not yet priced as shifts);
 * - `QbpDense` costs as a dense layer whose weight gradient multiplies the layer input rounded to
 *   `pow2(min=expMin,max=expMax+1)` by the error (Lin et al.'s quantized back-propagation): a shifter.
 * @throws RangeError as `profileModel` for layers or policies it cannot cost.
 * @example countMultiplications(methodTrace(model, policy, { phase: 'training' }))
 */
export function methodTrace(model: tf.LayersModel, policy: PolicySpec, options: Omit<ProfileOptions, 'policy'> = {}): OpTrace {
  const topo = model.toJSON(null, false) as unknown as { config: { layers: LayerJson[] } };
  const qbp = new Map<string, { min: number; max: number }>();
  const rules = [...(policy.rules ?? [])];
  for (const l of topo.config.layers) {
    const name = String(l.config.name);
    if (l.class_name === 'QbpDense') {
      // toJSON writes nested keys in snake_case
      const q = l.config.qbp as Record<string, number>;
      qbp.set(name, { min: q.expMin ?? q.exp_min!, max: (q.expMax ?? q.exp_max!) + 1 });
    }
    if (l.class_name === 'ByteInput') {
      rules.push({ match: { name }, roles: { activation: { format: `ufixed(w=${l.config.bits},f=0)` } } });
      l.config = { ...l.config, activation: 'linear' };
    }
    l.class_name = AS_CLASS[l.class_name] ?? l.class_name;
  }
  const trace = profileModel(topo, { ...options, policy: { ...policy, rules } });
  return { ...trace, layers: trace.layers.map((L) => (qbp.has(L.name) ? withPow2Input(L, qbp.get(L.name)!) : L)) };
}

function withPow2Input(L: LayerTrace, range: { min: number; max: number }): LayerTrace {
  const macs = L.macs.map((g): MacGroup => {
    if (g.label !== 'weight gradient') return g;
    const a = { ref: g.a.ref, format: toOperandFormat({ kind: 'pow2', min: range.min, max: range.max }) };
    const unit = classifyMac(a.format, g.b.format);
    const keep = g.accumulator.kind === 'float' || g.accumulator.kind === 'int';
    return { ...g, a, unit, accumulator: keep ? g.accumulator : defaultAccumulator(unit, a.format, g.b.format, g.fanIn) };
  });
  return { ...L, macs };
}

/** Products counted by pass: real multiplications (float or integer multipliers) and multiplier-free ones. */
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
