import type * as tf from '@tensorflow/tfjs';
import { learnedWidths } from './learnedWidths.js';

/**
 * One recorded state of one learned width.
 * @example
 * record.bitPruning!.trajectory.filter((p) => p.group === 'dense_1/weight').map((p) => p.mean)
 */
export interface BitTrajectoryPoint {
  /** Epochs completed when recorded (0 = before training); the fine-tune phase continues the count. */
  epoch: number;
  phase: 'learn' | 'rounded' | 'finetune';
  /** `<layer>/<role>`. */
  group: string;
  /** Mean over the group's channels (the value itself for one width per tensor). */
  mean: number;
  /** Every channel's value (length 1 for one width per tensor). */
  values: number[];
}

/**
 * Records every learned width of a model over training (BitPruning's per-layer bitlength trajectories, Nikolić
 * et al. 2020, arXiv:2002.03090). Plain data: `points` is JSON-ready.
 * @example const tr = new BitTrajectory(); tr.record(0, 'learn', model)
 */
export class BitTrajectory {
  readonly points: BitTrajectoryPoint[] = [];

  /** Appends the model's current widths. */
  record(epoch: number, phase: BitTrajectoryPoint['phase'], model: tf.LayersModel): void {
    if (!Number.isInteger(epoch) || epoch < 0) throw new RangeError(`BitTrajectory.record: epoch must be an integer ≥ 0; got ${epoch}`);
    for (const w of learnedWidths(model)) {
      const v = w.quantizer.values();
      const values = typeof v === 'number' ? [v] : v;
      this.points.push({ epoch, phase, group: w.group, mean: mean(values), values });
    }
  }

  /** The last recorded mean of each group. */
  last(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const p of this.points) out[p.group] = p.mean;
    return out;
  }
}

/**
 * Widths per layer and role, and averages, for reports and plots.
 * @example
 * const { meanBits, meanWeightBits, layers } = record.bitPruning!.summary;
 */
export interface BitSummary {
  /** Mean of every width value (the `bits` target). */
  meanBits: number;
  /** Mean of the per-layer weight widths (the paper's "average per-layer bitlength", for weights). */
  meanWeightBits: number;
  /** Mean of the per-layer output-activation widths (NaN when no activation is learned). */
  meanActivationBits: number;
  /** Each learned (layer, role) with the mean of its widths, in layer order. */
  layers: Array<{ layer: string; role: 'weight' | 'bias' | 'activation'; group: string; bits: number }>;
}

/**
 * Summarises the learned widths of a model: each (layer, role) gets the mean of its widths.
 * @example bitSummary(model).meanWeightBits
 */
export function bitSummary(model: tf.LayersModel): BitSummary {
  const layers: BitSummary['layers'] = [];
  const all: number[] = [];
  for (const w of learnedWidths(model)) {
    const v = w.quantizer.values();
    const values = typeof v === 'number' ? [v] : v;
    all.push(...values);
    layers.push({ layer: w.layer, role: w.role, group: w.group, bits: mean(values) });
  }
  const avg = (role: string) => {
    const xs = layers.filter((x) => x.role === role).map((x) => x.bits);
    return xs.length ? mean(xs) : NaN;
  };
  return { meanBits: all.length ? mean(all) : NaN, meanWeightBits: avg('weight'), meanActivationBits: avg('activation'), layers };
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
