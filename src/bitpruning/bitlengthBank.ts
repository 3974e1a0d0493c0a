import * as tf from '@tensorflow/tfjs';
import { bitBounds } from './learnedBitQuantize.js';

/** How bitlength variables are shared (BitPruning's "any granularity"). */
export type BitGranularity = 'tensor' | 'layer' | 'channel' | 'role';

/** The granularities, in documentation order. */
export const BIT_GRANULARITIES: readonly BitGranularity[] = ['tensor', 'layer', 'channel', 'role'];

/** Tensor roles that get a learned bitlength: a layer's weights and the activations it reads. */
export type BitRole = 'weight' | 'activation';

/**
 * The bitlength group a (layer, role) tensor belongs to, and its shape:
 *
 * | granularity | group name        | shape                                      |
 * |-------------|-------------------|--------------------------------------------|
 * | `tensor`    | `<layer>/<role>`  | []                                         |
 * | `layer`     | `<layer>`         | [] (weights and input activations share it) |
 * | `channel`   | `<layer>/<role>`  | [C]: weights per output channel, activations per input channel |
 * | `role`      | `<role>`          | [] (one for all weights, one for all activations) |
 * @throws RangeError on an unknown granularity.
 * @example bitGroup('channel', 'conv1', 'weight', 32) // { name: 'conv1/weight', shape: [32] }
 */
export function bitGroup(granularity: BitGranularity, layer: string, role: BitRole, channels: number): { name: string; shape: number[] } {
  switch (granularity) {
    case 'tensor': return { name: `${layer}/${role}`, shape: [] };
    case 'layer': return { name: layer, shape: [] };
    case 'channel': return { name: `${layer}/${role}`, shape: [channels] };
    case 'role': return { name: role, shape: [] };
    default: throw new RangeError(`bitGroup: granularity must be one of ${BIT_GRANULARITIES.join(', ')}; got ${JSON.stringify(granularity)}`);
  }
}

let bankCount = 0;

/** Options of a `BitlengthBank`. */
export interface BitlengthBankOptions {
  /** Starting bitlength of every group (default 8). */
  initBits?: number;
  /** Bounds of the bitlengths (defaults 1 and 16). */
  minBits?: number;
  maxBits?: number;
}

/**
 * The learned bitlength variables of a network, by group name (see `bitGroup`). Layers ask for their group with
 * `ensure`; the trainer lists `variables()` for the optimizer, clips them with `project()` after each step, and at
 * the end of the learning phase calls `roundUp()`: n ← ⌈n⌉ for good, after which the variables are frozen
 * (`trainable` false, so fine-tuning keeps integer bitlengths).
 * @example const bank = new BitlengthBank({ initBits: 8 }); new BitDense({ units: 10, bank, granularity: 'layer' })
 */
export class BitlengthBank {
  readonly initBits: number;
  readonly minBits: number;
  readonly maxBits: number;
  private readonly vars = new Map<string, tf.Variable>();
  private frozenFlag = false;
  private readonly id = bankCount++;

  constructor(options: BitlengthBankOptions = {}) {
    [this.minBits, this.maxBits] = bitBounds('BitlengthBank', options);
    this.initBits = options.initBits ?? 8;
    if (!(this.initBits >= this.minBits && this.initBits <= this.maxBits)) {
      throw new RangeError(`BitlengthBank: initBits must be in [${this.minBits}, ${this.maxBits}]; got ${this.initBits}`);
    }
  }

  /** The group's variable, created at `initBits` on first use; a second use must ask for the same shape. */
  ensure(name: string, shape: readonly number[]): tf.Variable {
    const have = this.vars.get(name);
    if (have) {
      if (have.shape.join() !== shape.join()) {
        throw new RangeError(`BitlengthBank: group '${name}' has shape [${have.shape.join(', ')}]; a layer asked for [${shape.join(', ')}]`);
      }
      return have;
    }
    const v = tf.tidy(() => tf.variable(tf.fill([...shape], this.initBits), !this.frozenFlag, `bitbank${this.id}_${this.vars.size}_${name.replace(/[^\w]/g, '_')}`));
    this.vars.set(name, v);
    return v;
  }

  /** The variable of a group. @throws RangeError naming the known groups when it does not exist. */
  get(name: string): tf.Variable {
    const v = this.vars.get(name);
    if (!v) throw new RangeError(`BitlengthBank: no group '${name}'; known: ${[...this.vars.keys()].join(', ') || '(none)'}`);
    return v;
  }

  /** Group names in creation order. */
  names(): string[] {
    return [...this.vars.keys()];
  }

  /** The trainable variables (empty once frozen). */
  variables(): tf.Variable[] {
    return this.frozenFlag ? [] : [...this.vars.values()];
  }

  /** True after `roundUp`. */
  get frozen(): boolean {
    return this.frozenFlag;
  }

  /** Clips every variable into [minBits, maxBits] (projected gradient descent). */
  project(): void {
    for (const v of this.vars.values()) tf.tidy(() => v.assign(tf.clipByValue(v, this.minBits, this.maxBits)));
  }

  /** n ← ⌈clip(n)⌉ for every group, then freezes the bank (BitPruning's "round up, then fine-tune"). */
  roundUp(): void {
    this.project();
    for (const v of this.vars.values()) {
      tf.tidy(() => v.assign(tf.ceil(v)));
      v.trainable = false;
    }
    this.frozenFlag = true;
  }

  /** Current values by group (scalars as numbers, channel groups as arrays). */
  values(): Record<string, number | number[]> {
    const out: Record<string, number | number[]> = {};
    for (const [k, v] of this.vars) out[k] = v.rank === 0 ? v.dataSync()[0]! : Array.from(v.dataSync());
    return out;
  }

  /** Sets groups from `values()` output (e.g. a saved run); unknown names throw. */
  setValues(values: Record<string, number | number[]>): void {
    for (const [k, val] of Object.entries(values)) {
      const v = this.get(k);
      tf.tidy(() => v.assign(tf.tensor(val, v.shape, 'float32')));
    }
  }

  /** Disposes every variable. */
  dispose(): void {
    for (const v of this.vars.values()) v.dispose();
    this.vars.clear();
  }
}
