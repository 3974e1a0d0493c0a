import type * as tf from '@tensorflow/tfjs';
import type { BitlengthBank, BitRole } from './bitlengthBank.js';
import { isBitLayer } from './bitLayers.js';

/** One recorded state of one bitlength group. */
export interface BitTrajectoryPoint {
  /** Epochs completed when recorded (0 = before training); the fine-tune phase continues the count. */
  epoch: number;
  phase: 'learn' | 'rounded' | 'finetune';
  group: string;
  /** Mean over the group's channels (the value itself for scalar groups). */
  mean: number;
  /** Every channel's value (length 1 for scalar groups). */
  values: number[];
}

/**
 * Records the bitlength of every group of a bank over training (BitPruning's per-layer bitlength trajectories,
 * Nikolić et al. 2020, arXiv:2002.03090). Plain data: `points` is JSON-ready.
 * @example const tr = new BitTrajectory(); tr.record(0, 'learn', bank)
 */
export class BitTrajectory {
  readonly points: BitTrajectoryPoint[] = [];

  /** Appends the bank's current values. */
  record(epoch: number, phase: BitTrajectoryPoint['phase'], bank: BitlengthBank): void {
    if (!Number.isInteger(epoch) || epoch < 0) throw new RangeError(`BitTrajectory.record: epoch must be an integer ≥ 0; got ${epoch}`);
    for (const [group, v] of Object.entries(bank.values())) {
      const values = typeof v === 'number' ? [v] : v;
      this.points.push({ epoch, phase, group, mean: values.reduce((a, b) => a + b, 0) / values.length, values });
    }
  }

  /** The last recorded mean of each group. */
  last(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const p of this.points) out[p.group] = p.mean;
    return out;
  }
}

/** Bitlengths per layer and role, and averages, for reports and plots. */
export interface BitSummary {
  /** Mean of every bitlength value in the bank (the `bits` target). */
  meanBits: number;
  /** Mean of the per-layer weight bitlengths (the paper's "average per-layer bitlength", for weights). */
  meanWeightBits: number;
  /** Mean of the per-layer output-activation bitlengths (NaN when no activation is quantized). */
  meanActivationBits: number;
  /** Each learned (layer, role) with the mean of its group, in layer order. */
  layers: Array<{ layer: string; role: BitRole; group: string; bits: number }>;
}

/**
 * Summarises a bank over a model's learned-bitlength layers: each (layer, role) gets the mean of its group.
 * @example bitSummary(bank, model).meanWeightBits
 */
export function bitSummary(bank: BitlengthBank, model: tf.LayersModel): BitSummary {
  const values = bank.values();
  const meanOf = (v: number | number[]) => (typeof v === 'number' ? v : v.reduce((a, b) => a + b, 0) / v.length);
  const all = Object.values(values).flatMap((v) => (typeof v === 'number' ? [v] : v));
  const layers: BitSummary['layers'] = [];
  for (const l of model.layers.filter(isBitLayer)) {
    const roles: BitRole[] = l.bitQuant.quantizeOutput ? ['weight', 'activation'] : ['weight'];
    for (const role of roles) {
      const group = l.bitQuant.group(l.name, role, l.channels).name;
      layers.push({ layer: l.name, role, group, bits: meanOf(values[group] ?? (bank.get(group), NaN)) });
    }
  }
  const avg = (role: BitRole) => {
    const xs = layers.filter((x) => x.role === role).map((x) => x.bits);
    return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
  };
  return { meanBits: all.length ? all.reduce((a, b) => a + b, 0) / all.length : NaN, meanWeightBits: avg('weight'), meanActivationBits: avg('activation'), layers };
}
