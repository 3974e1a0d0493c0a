import * as tf from '@tensorflow/tfjs';
import { BIT_GRANULARITIES, bitGroup, type BitGranularity, type BitRole, type BitlengthBank } from '../bitlengthBank.js';
import { learnedBitQuantize } from '../learnedBitQuantize.js';
import { groupRange } from '../uniformQuantize.js';

/**
 * Momentum of the running activation range: R_run ← m·R_run + (1 − m)·max|y| per training batch (the first batch
 * sets it). Inference quantizes with R_run, as batch norm uses its running statistics, so a result does not depend
 * on the evaluation batch.
 */
export const ACTIVATION_RANGE_MOMENTUM = 0.9;

/** Config fields shared by the learned-bitlength layers. */
export interface BitLayerConfig {
  /** Where the bitlength variables live (not serialised: attach one with `attachBitlengthBank` after loading). */
  bank?: BitlengthBank;
  /** How bitlengths are shared (default 'tensor'). */
  granularity?: BitGranularity;
  /** Quantize the layer's output activations too (default true; turn off for the logits). */
  quantizeOutput?: boolean;
  /** 'relu' or 'linear' (default). */
  activation?: 'relu' | 'linear';
  /** Seed of the Glorot-uniform kernel initialiser (default 0). */
  seed?: number;
}

/** The bitlength bookkeeping of one layer (composition, as `LayerQuant` in src/layers). */
export class BitLayerQuant {
  bank: BitlengthBank | undefined;
  readonly granularity: BitGranularity;
  readonly quantizeOutput: boolean;
  readonly activation: 'relu' | 'linear';
  readonly seed: number;

  constructor(readonly className: string, config: BitLayerConfig) {
    this.bank = config.bank;
    this.granularity = config.granularity ?? 'tensor';
    if (!BIT_GRANULARITIES.includes(this.granularity)) {
      throw new RangeError(`${className}: granularity must be one of ${BIT_GRANULARITIES.join(', ')}; got ${JSON.stringify(config.granularity)}`);
    }
    this.quantizeOutput = config.quantizeOutput ?? true;
    this.activation = config.activation ?? 'linear';
    if (this.activation !== 'relu' && this.activation !== 'linear') {
      throw new RangeError(`${className}: activation must be 'relu' or 'linear'; got ${JSON.stringify(config.activation)}`);
    }
    this.seed = config.seed ?? 0;
    if (!Number.isInteger(this.seed) || this.seed < 0) throw new RangeError(`${className}: seed must be an integer ≥ 0; got ${this.seed}`);
  }

  /** The group of (layer, role) with `channels` channels. */
  group(layer: string, role: BitRole, channels: number): { name: string; shape: number[] } {
    return bitGroup(this.granularity, layer, role, channels);
  }

  /** Creates this layer's groups in the bank (at build); both are per output channel at 'channel' granularity. */
  ensure(layer: string, channels: number): void {
    const bank = this.needBank(layer);
    const w = this.group(layer, 'weight', channels);
    bank.ensure(w.name, w.shape);
    if (this.quantizeOutput) {
      const a = this.group(layer, 'activation', channels);
      bank.ensure(a.name, a.shape);
    }
  }

  /** Q_{n_w} of a kernel (signed grid) over its own max |W|, channels on its last axis. */
  quantizeWeight(layer: string, w: tf.Tensor): tf.Tensor {
    return this.quantize(layer, 'weight', w, true);
  }

  /** Shape of the running activation range (the activation group's shape). */
  rangeShape(layer: string, channels: number): number[] {
    return this.group(layer, 'activation', channels).shape;
  }

  /**
   * act(z), then Q_{n_a} when the output is quantized: unsigned [0, R] after ReLU, signed otherwise. Training uses
   * the batch's R and updates `runningRange`; inference uses `runningRange` (the batch's R until it is set).
   */
  output(layer: string, z: tf.Tensor, training: boolean, runningRange: tf.LayerVariable | null): tf.Tensor {
    const y = this.activation === 'relu' ? tf.relu(z) : z;
    if (!this.quantizeOutput) return y;
    const perChannel = this.granularity === 'channel';
    const batchRange = groupRange(y, perChannel);
    let range = batchRange;
    if (runningRange) {
      const run = runningRange.read();
      const unset = tf.equal(tf.max(run), 0);
      if (training) {
        const m = ACTIVATION_RANGE_MOMENTUM;
        runningRange.write(tf.where(unset, batchRange, tf.add(tf.mul(run, m), tf.mul(batchRange, 1 - m))));
      } else {
        range = tf.where(unset, batchRange, run);
      }
    }
    return this.quantize(layer, 'activation', y, this.activation !== 'relu', range);
  }

  /** The config fields to serialise (the bank is not). */
  toConfig(): Record<string, unknown> {
    return { granularity: this.granularity, quantizeOutput: this.quantizeOutput, activation: this.activation, seed: this.seed };
  }

  private quantize(layer: string, role: BitRole, x: tf.Tensor, signed: boolean, range?: tf.Tensor): tf.Tensor {
    const g = this.group(layer, role, x.shape[x.rank - 1]!);
    const bank = this.needBank(layer);
    return learnedBitQuantize(x, bank.get(g.name), { signed, minBits: bank.minBits, maxBits: bank.maxBits, ...(range ? { range } : {}) });
  }

  private needBank(layer: string): BitlengthBank {
    if (!this.bank) throw new Error(`${this.className} '${layer}': no BitlengthBank attached; pass { bank } or call attachBitlengthBank(model, bank)`);
    return this.bank;
  }
}
