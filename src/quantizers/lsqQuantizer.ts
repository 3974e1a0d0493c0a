import * as tf from '@tensorflow/tfjs';
import type { ScaledSpec } from '../../simulators/formats/scaledFamily.js';
import type { FixedSpec } from '../../simulators/formats/formatSpec.js';
import { quantizeWithScales } from '../../simulators/blockQuantize.js';
import { fixedCodeRange } from '../../simulators/formats/fixedPoint.js';
import { Rng } from '../../simulators/random/rng.js';
import type { CompiledRole } from '../policy/compilePolicy.js';
import { fakeQuant } from './fakeQuant.js';
import { ownedData } from './_internal/ownedData.js';
import type { ApplyOptions, RoleQuantizer, RoleQuantizerContext } from './roleQuantizer.js';

/** The saved state of a learned scale: the scale (one, or one per channel) and whether it has been initialised. */
export interface LsqStateJSON {
  scale: number | number[];
  initialized: boolean;
}

const IDENTITY = { kind: 'identity' } as const;
let uid = 0;

/**
 * The quantizer of a forward role whose format is `scaled(elem=E,scale=S,block=tensor|channel,amax=learned)`:
 * Learned Step Size Quantization (LSQ, Esser et al., ICLR 2020, arXiv:1902.08153). The scale s is a trainable
 * variable (one per tensor, or one per channel of the last axis); the forward pass is the simulator,
 * `quantizeWithScales(spec, x, s)` (s rounded into S, elements x/s rounded in the role's mode into E, saturating,
 * value s·P), bit for bit. The backward pass is LSQ's (their eq. 3 and 5), with v = x/s and the code range
 * [−Qn, Qp] of E (an integer format, `fixed(w=W,f=0)` or `ufixed`):
 *
 * | region        | ∂q/∂x | ∂q/∂s            |
 * |---------------|-------|------------------|
 * | −Qn < v < Qp  | 1     | P − v            |
 * | v ≤ −Qn       | 0     | −Qn              |
 * | v ≥ Qp        | 0     | Qp               |
 *
 * (P = q/s, the rounded element), and the scale gradient is multiplied by g = 1/√(N·Qp), N the elements per scale.
 * The scale starts at 2·mean(|x|)/√Qp of the first tensor it sees (LSQ's initialisation; per channel for
 * `channel`). Not modelled: LSQ+ offsets; the scale is learned by its own optimizer group (`lsqTraining`).
 * @example createRoleQuantizer(compileRoles({ weight: { format: 'scaled(elem=int4,scale=float32,block=channel,amax=learned)' } }).weight!, ctx)
 */
export class LsqQuantizer implements RoleQuantizer {
  readonly spec: ScaledSpec;
  private scaleVar: tf.LayerVariable | null = null;
  private initialized = false;
  private readonly rng: Rng | undefined;
  private readonly qn: number;
  private readonly qp: number;

  constructor(
    readonly role: CompiledRole,
    readonly ctx: RoleQuantizerContext,
  ) {
    const f = role.format as ScaledSpec;
    if (f.kind !== 'scaled' || f.amax !== 'learned' || f.elem.kind !== 'fixed') throw new TypeError(`LsqQuantizer(${ctx.key}): the format must be scaled(...,amax=learned) with an integer element; got ${role.formatText}`);
    if (!['weight', 'bias', 'activation'].includes(role.role)) {
      throw new RangeError(`LsqQuantizer(${ctx.key}): a learned scale (amax=learned) learns on the forward pass: weight, bias and activation roles only; got ${role.role}`);
    }
    this.spec = f;
    const [lo, hi] = fixedCodeRange(f.elem as FixedSpec);
    this.qn = -lo;
    this.qp = hi;
    if (role.rounding === 'sr') this.rng = new Rng(ctx.seed);
  }

  get key(): string {
    return this.ctx.key;
  }

  /** Creates the scale variable (value 1 until the first tensor initialises it) for `channels` on the last axis. */
  ensure(channels: number): void {
    const shape = this.spec.block === 'channel' ? [channels] : [];
    if (this.scaleVar) {
      if (this.scaleVar.shape.join() !== shape.join()) throw new RangeError(`LsqQuantizer(${this.key}): the scale has shape [${this.scaleVar.shape}]; the tensor asks for [${shape}]`);
      return;
    }
    const init = tf.ones(shape);
    this.scaleVar = new tf.LayerVariable(init, 'float32', `${this.key.replace(/[^\w]/g, '_')}_lsq_scale_${uid++}`, true);
    init.dispose();
  }

  /** The scale variable (after `ensure`). */
  scale(): tf.LayerVariable {
    if (!this.scaleVar) throw new Error(`LsqQuantizer(${this.key}): the scale is created when the layer is built`);
    return this.scaleVar;
  }

  /** Current scales (per channel, or one). */
  values(): number[] {
    return Array.from(this.scale().read().dataSync());
  }

  /** LSQ's initial scale 2·mean(|x|)/√Qp in element steps, per channel (last axis) or for the whole tensor. */
  private initialize(x: tf.Tensor): void {
    const s = tf.tidy(() => {
      const axes = this.spec.block === 'channel' ? x.shape.slice(0, -1).map((_, i) => i) : undefined;
      const m = tf.mean(tf.abs(x), axes);
      return tf.maximum(tf.mul(m, 2 / Math.sqrt(this.qp)), 2 ** -126);
    });
    (this.scale().read() as tf.Variable).assign(s.reshape(this.scale().shape as number[]));
    s.dispose();
    this.initialized = true;
  }

  apply(x: tf.Tensor, o: ApplyOptions): tf.Tensor {
    this.ensure(x.shape[x.rank - 1] ?? 1);
    if (!this.initialized) this.initialize(x);
    const y = this.lsq(x, this.scale().read());
    const err = o.error;
    if (!err) return y;
    return fakeQuant(y, null, (g) => err.round(g, x.shape, true), IDENTITY);
  }

  /** The LSQ op: forward the simulator with the current scales, backward LSQ's estimator for x and s. */
  private lsq(x: tf.Tensor, s: tf.Tensor): tf.Tensor {
    const { qn, qp } = this;
    const perScale = this.spec.block === 'channel' ? x.size / Math.max(1, x.shape[x.rank - 1] ?? 1) : x.size;
    const g = 1 / Math.sqrt(perScale * qp);
    const op = tf.customGrad((...args: unknown[]) => {
      const [xi, si] = args as [tf.Tensor, tf.Tensor];
      const save = args[2] as tf.GradSaveFunc;
      const scales = si.dataSync();
      const q = quantizeWithScales(this.spec, ownedData(xi), xi.shape, Array.from(scales), { rounding: this.role.rounding, rng: this.rng });
      const value = tf.tensor(q, xi.shape, 'float32');
      save([xi, si, value]);
      return {
        value,
        gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
          const [xs, ss, qs] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
          const d = dy as tf.Tensor;
          return tf.tidy(() => {
            const v = tf.div(xs, ss);
            const below = tf.lessEqual(v, -qn);
            const above = tf.greaterEqual(v, qp);
            const inside = tf.logicalNot(tf.logicalOr(below, above));
            const dx = tf.mul(d, tf.cast(inside, 'float32'));
            const P = tf.div(qs, ss);
            const dqds = tf.where(inside, tf.sub(P, v), tf.where(below, tf.fill(v.shape, -qn), tf.fill(v.shape, qp)));
            let ds = tf.mul(tf.mul(d, dqds), g);
            const axes = this.spec.block === 'channel' ? xs.shape.slice(0, -1).map((_, i) => i) : undefined;
            ds = tf.sum(ds, axes).reshape(ss.shape);
            return [dx, ds];
          });
        },
      };
    });
    return op(x, s);
  }

  round(): Float32Array {
    throw new Error(`LsqQuantizer(${this.key}): a learned scale rounds tensors on the forward pass only (weight, bias, activation roles)`);
  }

  /** Keeps every scale positive (a projection after each step). */
  project(): void {
    const v = this.scaleVar?.read();
    if (v) tf.tidy(() => (v as tf.Variable).assign(tf.maximum(v, 2 ** -126)));
  }

  variables(): tf.LayerVariable[] {
    return this.scaleVar ? [this.scaleVar] : [];
  }

  endBatch(): void {}

  setRangeInit(): void {}

  stateJSON(): LsqStateJSON | undefined {
    if (!this.scaleVar) return undefined;
    const v = this.values();
    return { scale: this.spec.block === 'channel' ? v : v[0]!, initialized: this.initialized };
  }

  restoreState(json: unknown): void {
    const s = json as Partial<LsqStateJSON> | null;
    const ok = typeof s === 'object' && s !== null && (typeof s.scale === 'number' || (Array.isArray(s.scale) && s.scale.every((x) => typeof x === 'number' && x > 0)));
    if (!ok || Array.isArray(s!.scale) !== (this.spec.block === 'channel')) {
      throw new RangeError(`RoleQuantizer(${this.key}).restoreState: expected {scale: ${this.spec.block === 'channel' ? 'number[]' : 'number'}, initialized}; got ${JSON.stringify(json)}`);
    }
    const scale = s!.scale!;
    this.ensure(Array.isArray(scale) ? scale.length : 1);
    tf.tidy(() => (this.scaleVar!.read() as tf.Variable).assign(tf.tensor(scale, this.scaleVar!.shape as number[], 'float32')));
    this.initialized = s!.initialized !== false;
  }

  dispose(): void {
    this.scaleVar?.dispose();
    this.scaleVar = null;
  }
}
