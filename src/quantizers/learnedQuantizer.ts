import * as tf from '@tensorflow/tfjs';
import type { CompiledRole } from '../policy/compilePolicy.js';
import type { LearnedFormatSpec } from '../policy/learnedFormat.js';
import { fakeQuant } from './fakeQuant.js';
import { learnedBitQuantize } from './learnedBitQuantize.js';
import { groupRange } from './uniformQuantize.js';
import type { ApplyOptions, RoleQuantizer, RoleQuantizerContext } from './roleQuantizer.js';

/**
 * Momentum of the running activation range: R_run ← m·R_run + (1 − m)·max|y| per training batch (the first batch
 * sets it). Inference quantizes with R_run, as batch norm uses its running statistics, so a result does not depend
 * on the evaluation batch.
 */
export const ACTIVATION_RANGE_MOMENTUM = 0.9;

/**
 * The saved state of a learned-width role (JSON in the layer config): its widths, running range and whether frozen.
 * @example
 * model.getLayer('dense_1').getConfig().quantState // includes the LearnedStateJSON of each learned role
 */
export interface LearnedStateJSON {
  /** The bitlength: a number (granularity tensor) or one per channel. Integers once rounded up. */
  bits: number | number[];
  /** Running range of an activation role (same shape as `bits`), when set. */
  range?: number | number[];
  /** True after `roundUp`: the widths no longer learn. */
  frozen: boolean;
}

const IDENTITY = { kind: 'identity' } as const;
let uid = 0;

/**
 * The quantizer of a role whose format is `learned(init, min, max, granularity)` (BitPruning, Nikolić et al. 2020,
 * arXiv:2002.03090): `learnedBitQuantize` with a trainable bitlength n, one per tensor or one per channel of the
 * last axis. Weights and biases use a symmetric signed grid over R = max|x| of the group; activations use an
 * unsigned [0, R] grid when the layer says they are ≥ 0 (after ReLU), else a signed one, with R the batch's
 * max|y| in training and a running range (`ACTIVATION_RANGE_MOMENTUM`) at inference. No gradient flows through R.
 *
 * The widths are created when the layer is built (`ensure`), learn while `variables()` returns them, are clipped
 * into [min, max] by `project()` after each step and become integers for good with `roundUp()` (n ← ⌈n⌉, frozen).
 * `stateJSON` saves them in the layer config, so a saved model holds its trained widths and the cost report
 * prices them.
 * Not modelled: stochastic rounding, zero points, clipping below max|x|.
 * @example const q = new LearnedQuantizer(role, { key: 'dense_1/weight', seed: 0 }); q.ensure(256)
 */
export class LearnedQuantizer implements RoleQuantizer {
  readonly spec: LearnedFormatSpec;
  private bits: tf.LayerVariable | null = null;
  private range: tf.LayerVariable | null = null;
  private frozenFlag = false;

  constructor(
    readonly role: CompiledRole,
    readonly ctx: RoleQuantizerContext,
  ) {
    if (role.format.kind !== 'learned') throw new TypeError(`LearnedQuantizer(${ctx.key}): the format must be learned(...); got ${role.formatText}`);
    this.spec = role.format;
  }

  get key(): string {
    return this.ctx.key;
  }

  /** True after `roundUp` (or when a frozen state was restored). */
  get frozen(): boolean {
    return this.frozenFlag;
  }

  /** Creates the width (and, for activations, the running range) for a tensor with `channels` on its last axis. */
  ensure(channels: number): void {
    const shape = this.spec.granularity === 'channel' ? [channels] : [];
    if (this.bits) {
      if (this.bits.shape.join() !== shape.join()) {
        throw new RangeError(`LearnedQuantizer(${this.key}): widths have shape [${this.bits.shape}]; the tensor asks for [${shape}]`);
      }
      return;
    }
    const name = `${this.key.replace(/[^\w]/g, '_')}_bits_${uid++}`;
    const init = tf.fill(shape, this.spec.init);
    this.bits = new tf.LayerVariable(init, 'float32', name, !this.frozenFlag);
    init.dispose();
    if (this.role.role === 'activation') {
      const zero = tf.zeros(shape);
      this.range = new tf.LayerVariable(zero, 'float32', `${name}_range`, false);
      zero.dispose();
    }
  }

  /** The width variable (after `ensure`). */
  widths(): tf.LayerVariable {
    if (!this.bits) throw new Error(`LearnedQuantizer(${this.key}): widths are created when the layer is built`);
    return this.bits;
  }

  /** Current widths: a number, or one per channel. */
  values(): number | number[] {
    const v = this.widths().read();
    return v.rank === 0 ? v.dataSync()[0]! : Array.from(v.dataSync());
  }

  apply(x: tf.Tensor, o: ApplyOptions): tf.Tensor {
    const channels = x.shape[x.rank - 1] ?? 1;
    this.ensure(channels);
    const n = this.bits!.read();
    const opts = { minBits: this.spec.min, maxBits: this.spec.max };
    let y: tf.Tensor;
    if (this.role.role !== 'activation') y = learnedBitQuantize(x, n, { ...opts, signed: true });
    else {
      const range = tf.tidy(() => {
        const batch = groupRange(x, this.spec.granularity === 'channel');
        const run = this.range!.read();
        const unset = tf.equal(tf.max(run), 0);
        if (o.training) {
          const m = ACTIVATION_RANGE_MOMENTUM;
          this.range!.write(tf.where(unset, batch, tf.add(tf.mul(run, m), tf.mul(batch, 1 - m))));
          return batch;
        }
        return tf.where(unset, batch, run);
      });
      y = learnedBitQuantize(x, n, { ...opts, signed: !o.nonNegative, range });
    }
    const err = o.error;
    if (!err) return y;
    return fakeQuant(y, null, (g) => err.round(g, x.shape, true), IDENTITY);
  }

  round(): Float32Array {
    throw new Error(`LearnedQuantizer(${this.key}): a learned width rounds tensors only (weight, bias, activation roles)`);
  }

  /** Clips the widths into [min, max] (projected gradient descent; call after each step). */
  project(): void {
    const v = this.bits?.read();
    if (v && !this.frozenFlag) tf.tidy(() => (v as tf.Variable).assign(tf.clipByValue(v, this.spec.min, this.spec.max)));
  }

  /** n ← ⌈clip(n)⌉ for good; the widths stop learning (BitPruning's "round up, then fine-tune"). */
  roundUp(): void {
    const v = this.bits?.read() as tf.Variable | undefined;
    if (v) tf.tidy(() => v.assign(tf.ceil(tf.clipByValue(v, this.spec.min, this.spec.max))));
    this.frozenFlag = true;
    if (this.bits) this.bits.trainable = false;
  }

  variables(): tf.LayerVariable[] {
    return this.bits && !this.frozenFlag ? [this.bits] : [];
  }

  endBatch(): void {}

  setRangeInit(): void {}

  stateJSON(): LearnedStateJSON | undefined {
    if (!this.bits) return undefined;
    const out: LearnedStateJSON = { bits: this.values(), frozen: this.frozenFlag };
    if (this.range) {
      const r = this.range.read();
      if (r.dataSync().some((x) => x !== 0)) out.range = r.rank === 0 ? r.dataSync()[0]! : Array.from(r.dataSync());
    }
    return out;
  }

  restoreState(json: unknown): void {
    const s = json as Partial<LearnedStateJSON> | null;
    const where = `RoleQuantizer(${this.key}).restoreState`;
    const ok = (v: unknown) => typeof v === 'number' || (Array.isArray(v) && v.every((x) => typeof x === 'number'));
    if (typeof s !== 'object' || s === null || !ok(s.bits) || (s.range !== undefined && !ok(s.range))) {
      throw new RangeError(`${where}: expected {bits, range?, frozen} with numbers; got ${JSON.stringify(json)}`);
    }
    const bits = s.bits!;
    const channels = Array.isArray(bits) ? bits.length : 1;
    if (Array.isArray(bits) !== (this.spec.granularity === 'channel')) {
      throw new RangeError(`${where}: saved widths ${JSON.stringify(bits)} do not fit granularity ${this.spec.granularity}`);
    }
    this.frozenFlag = s.frozen === true;
    this.ensure(channels);
    this.bits!.trainable = !this.frozenFlag;
    const shape = this.bits!.shape as number[];
    tf.tidy(() => (this.bits!.read() as tf.Variable).assign(tf.tensor(bits, shape, 'float32')));
    if (s.range !== undefined && this.range) tf.tidy(() => (this.range!.read() as tf.Variable).assign(tf.tensor(s.range!, shape, 'float32')));
  }

  dispose(): void {
    this.bits?.dispose();
    this.range?.dispose();
    this.bits = null;
    this.range = null;
  }
}
