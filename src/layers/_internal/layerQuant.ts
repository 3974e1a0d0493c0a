import type * as tf from '@tensorflow/tfjs';
import type { RolesSpec, TensorRole } from '../../policy/policySpec.js';
import { compileRoles, isCompiledRoles, rolesToJSON, type LayerRoles } from '../../policy/compilePolicy.js';
import { deriveSeed } from '../../quantizers/deriveSeed.js';
import { createRoleQuantizer } from '../../quantizers/createRoleQuantizer.js';
import type { RoleQuantizer } from '../../quantizers/roleQuantizer.js';
import type { DfixedOptions } from '../../quantizers/valueQuantizer.js';
import { LearnedQuantizer } from '../../quantizers/learnedQuantizer.js';
import type { FormatSpec } from '../../../simulators/formats/formatSpec.js';
import { Rng } from '../../../simulators/random/rng.js';
import { fakeQuant } from '../../quantizers/fakeQuant.js';
import type { AccumulatorSpec } from './accumulatorMatMul.js';

/** The lowbit part of a quantized layer's config (serialized with the layer by `getConfig`). */
export interface LayerQuantConfig {
  /**
   * This layer's roles: JSON (a resolved policy entry, as saved in model.json) or roles compiled by
   * `compilePolicy(…).rolesFor` (what `buildModel` and `applyPolicy` pass). Absent roles stay float32.
   */
  precision?: RolesSpec | LayerRoles;
  /** Format state by quantizer key (DFXP ranges, learned widths), as saved with the model. */
  quantState?: Record<string, unknown>;
  /** Seed of the layer's random streams (initializers, stochastic rounding, dropout). */
  seed?: number;
  /** `real`: the weight role is skipped at inference (stochastic BinaryConnect tests with the real weights). */
  testWeights?: 'quantized' | 'real';
  /** Range-update settings of DFXP roles. */
  dfixed?: DfixedOptions;
}

const IDENTITY = { kind: 'identity' } as const;

/**
 * The quantizers of one layer, created on demand per role (and per parameter/slot for the optimizer roles:
 * `gradient:kernel`, `momentum:kernel:m`, `update:bias`), each with its own seed and format state, through
 * `createRoleQuantizer` whatever the format (simulator formats, DFXP, learned widths).
 */
export class LayerQuant {
  private roles: LayerRoles = {};
  private readonly quantizers = new Map<string, RoleQuantizer>();
  private pending: Record<string, unknown> = {};
  private cfg: Omit<LayerQuantConfig, 'precision' | 'quantState'> = {};
  private rangeInit = false;
  private acc: AccumulatorSpec | undefined;

  constructor(
    readonly layerName: string,
    readonly layerType: string,
    cfg: LayerQuantConfig = {},
  ) {
    this.configure(cfg);
  }

  /** Replaces the precision (and seed/DFXP settings when given); existing quantizers and states are dropped. */
  configure(cfg: LayerQuantConfig): void {
    // only the lowbit keys: a layer passes its whole config
    if (cfg.seed !== undefined) this.cfg.seed = cfg.seed;
    if (cfg.dfixed !== undefined) this.cfg.dfixed = cfg.dfixed;
    if (cfg.testWeights !== undefined) this.cfg.testWeights = cfg.testWeights;
    const p = cfg.precision ?? {};
    this.roles = isCompiledRoles(p) ? p : compileRoles(p, { where: `${this.layerType}(${this.layerName}).precision` });
    this.dispose();
    this.acc = undefined;
    this.pending = { ...(cfg.quantState ?? {}) };
  }

  /** Seed of the layer's random streams (default 0). */
  get seed(): number {
    return this.cfg.seed ?? 0;
  }

  /** The layer's compiled roles. */
  get layerRoles(): LayerRoles {
    return this.roles;
  }

  /** True when the role has a format. */
  has(role: TensorRole): boolean {
    return !!this.roles[role];
  }

  /** The quantizer of a role (and parameter/slot), or undefined when the role stays float32. */
  quantizer(role: TensorRole, ...sub: string[]): RoleQuantizer | undefined {
    if (role === 'accumulator') throw new RangeError(`${this.layerName}: the accumulator role is not a value quantizer; use accumulator()`);
    const r = this.roles[role];
    if (!r) return undefined;
    const key = [role, ...sub].join(':');
    let q = this.quantizers.get(key);
    if (!q) {
      const seed = deriveSeed(this.cfg.seed ?? 0, this.layerName, key, r.seed);
      q = createRoleQuantizer(r, { key: `${this.layerName}/${key}`, seed, ...(this.cfg.dfixed ? { dfixed: this.cfg.dfixed } : {}) });
      if (Object.hasOwn(this.pending, key)) q.restoreState(this.pending[key]);
      if (this.rangeInit) q.setRangeInit(true);
      this.quantizers.set(key, q);
    }
    return q;
  }

  /**
   * Creates the quantizers of the forward roles whose formats own tensors (learned widths), given the channels
   * (last axis) of each role's tensor; called when the layer is built, so that the widths exist before training.
   */
  prepare(channels: Partial<Record<'weight' | 'bias' | 'activation', number>>): void {
    for (const [role, c] of Object.entries(channels) as Array<['weight' | 'bias' | 'activation', number]>) {
      const q = this.quantizer(role);
      if (q instanceof LearnedQuantizer) q.ensure(c);
    }
  }

  /** The learned-width quantizers of the layer (forward roles with a `learned(...)` format). */
  learned(): LearnedQuantizer[] {
    return (['weight', 'bias', 'activation'] as const).map((r) => this.quantizer(r)).filter((q): q is LearnedQuantizer => q instanceof LearnedQuantizer);
  }

  /**
   * The accumulator role as the simulator's matmul uses it (see `accumulatorMatMul`), or undefined (float32
   * accumulation). Float or fixed formats (compiled and checked by `compilePolicy`); they need not fit float32:
   * sums leave the kernel rounded to float32.
   */
  accumulator(): AccumulatorSpec | undefined {
    const r = this.roles.accumulator;
    if (!r) return undefined;
    if (!this.acc) {
      const seed = deriveSeed(this.cfg.seed ?? 0, this.layerName, 'accumulator', r.seed);
      this.acc = { key: `${this.layerName}/accumulator`, format: r.format as FormatSpec, rounding: r.rounding, ...(r.rounding === 'sr' ? { rng: new Rng(seed) } : {}) };
    }
    return this.acc;
  }

  /** Quantizes a parameter as the forward pass uses it (`weight` or `bias` role), with the role's estimator. */
  param(role: 'weight' | 'bias', x: tf.Tensor, training: boolean): tf.Tensor {
    const q = this.quantizer(role);
    if (!q || (!training && role === 'weight' && this.cfg.testWeights === 'real')) return x;
    return q.apply(x, { training });
  }

  /**
   * The layer output: `activation` role forward (with its estimator), `error` role on dL/d(output) backward.
   * `nonNegative`: the output is ≥ 0 by construction (after ReLU).
   */
  output(y: tf.Tensor, training: boolean, nonNegative = false): tf.Tensor {
    const qa = this.quantizer('activation');
    const qe = training ? this.quantizer('error') : undefined;
    if (qa) return qa.apply(y, { training, nonNegative, ...(qe ? { error: qe } : {}) });
    if (!qe) return y;
    return fakeQuant(y, null, (g) => qe.round(g, y.shape, true), IDENTITY);
  }

  /**
   * Starts or ends DFXP range initialisation (methods.md §1.4) for every quantizer of the layer, including those
   * created later while it is on: they round at 25 bits with the same integer bits until it ends.
   */
  setRangeInit(on: boolean): void {
    this.rangeInit = on;
    for (const q of this.quantizers.values()) q.setRangeInit(on);
  }

  /** Every quantizer created so far (for `endBatch` and range initialisation). */
  all(): RoleQuantizer[] {
    return [...this.quantizers.values()];
  }

  /** Format states by key (pending restored states included), for saving with the layer. */
  stateJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { ...this.pending };
    for (const [k, q] of this.quantizers) {
      const s = q.stateJSON();
      if (s !== undefined) out[k] = s;
    }
    return out;
  }

  /** The config fields to serialize with the layer (format strings in canonical form). */
  toConfig(): LayerQuantConfig {
    const out: LayerQuantConfig = {};
    const precision = rolesToJSON(this.roles);
    if (Object.keys(precision).length) out.precision = precision;
    const st = this.stateJSON();
    if (Object.keys(st).length) out.quantState = st;
    if (this.cfg.seed !== undefined) out.seed = this.cfg.seed;
    if (this.cfg.dfixed) out.dfixed = this.cfg.dfixed;
    if (this.cfg.testWeights === 'real') out.testWeights = 'real';
    return out;
  }

  /** Frees the tensors the quantizers hold (learned widths). */
  dispose(): void {
    for (const q of this.quantizers.values()) q.dispose();
    this.quantizers.clear();
  }
}
