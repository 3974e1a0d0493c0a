import * as tf from '@tensorflow/tfjs';
import type { DynamicFixedStateJSON } from '../../../simulators/formats/dynamicFixed.js';
import type { RolesSpec, TensorRole } from '../../policy/policySpec.js';
import { resolveLayerPrecision, type LayerPrecision } from '../../policy/resolvePolicy.js';
import { formatToString, parseFormat } from '../../../simulators/formats/parseFormat.js';
import { deriveSeed } from '../../quantizers/deriveSeed.js';
import { fakeQuant } from '../../quantizers/fakeQuant.js';
import { RoleQuantizer, type DfixedOptions } from '../../quantizers/roleQuantizer.js';
import { handlerFor } from '../../../simulators/registry.js';
import { Rng } from '../../../simulators/random/rng.js';
import type { AccumulatorSpec } from './accumulatorMatMul.js';

/** The lowbit part of a quantized layer's config (serialized with the layer by `getConfig`). */
export interface LayerQuantConfig {
  /** This layer's roles (a resolved policy entry; absent roles stay float32). */
  precision?: RolesSpec;
  /** DFXP states by quantizer key, as saved with the model. */
  quantState?: Record<string, DynamicFixedStateJSON>;
  /** Seed of the layer's random streams (initializers, stochastic rounding, dropout). */
  seed?: number;
  /** `real`: the weight role is skipped at inference (stochastic BinaryConnect tests with the real weights). */
  testWeights?: 'quantized' | 'real';
  /** Range-update settings of DFXP roles. */
  dfixed?: DfixedOptions;
}

const IDENTITY = { kind: 'identity' } as const;

/**
 * The quantizers of one layer, created on demand per role (and per parameter/slot for the parameter roles:
 * `gradient:kernel`, `momentum:kernel:m`, `update:bias`), each with its own seed and DFXP state.
 */
export class LayerQuant {
  private resolved: LayerPrecision = {};
  private readonly quantizers = new Map<string, RoleQuantizer>();
  private pending: Record<string, DynamicFixedStateJSON> = {};
  private cfg: LayerQuantConfig = {};
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
    const own: LayerQuantConfig = {};
    if (cfg.precision !== undefined) own.precision = cfg.precision;
    if (cfg.seed !== undefined) own.seed = cfg.seed;
    if (cfg.dfixed !== undefined) own.dfixed = cfg.dfixed;
    if (cfg.testWeights !== undefined) own.testWeights = cfg.testWeights;
    this.cfg = { ...this.cfg, ...own };
    this.resolved = resolveLayerPrecision({ default: this.cfg.precision ?? {} }, this.layerName, this.layerType);
    this.quantizers.clear();
    this.acc = undefined;
    this.pending = { ...(cfg.quantState ?? {}) };
  }

  /** True when the role has a format. */
  has(role: TensorRole): boolean {
    return this.resolved[role] !== undefined;
  }

  /** The quantizer of a role (and parameter/slot), or undefined when the role stays float32. */
  quantizer(role: TensorRole, ...sub: string[]): RoleQuantizer | undefined {
    if (role === 'accumulator') throw new RangeError(`${this.layerName}: the accumulator role is not a value quantizer; use accumulator()`);
    const r = this.resolved[role];
    if (!r) return undefined;
    const key = [role, ...sub].join(':');
    let q = this.quantizers.get(key);
    if (!q) {
      const seed = deriveSeed(this.cfg.seed ?? 0, this.layerName, key, r.seed);
      q = new RoleQuantizer(`${this.layerName}/${key}`, { ...r, seed }, this.cfg.dfixed);
      const saved = this.pending[key];
      if (saved) q.restoreState(saved);
      if (this.rangeInit && q.dynamic && !q.dynamic.inRangeInit) q.dynamic.beginRangeInit();
      this.quantizers.set(key, q);
    }
    return q;
  }

  /**
   * The accumulator role as the simulator's matmul uses it (see `accumulatorMatMul`), or undefined (float32
   * accumulation). Any float or fixed format is allowed (it need not fit float32: sums leave the kernel rounded
   * to float32); `dfixed` is rejected, since an accumulator range is a hardware design choice, not learned.
   */
  accumulator(): AccumulatorSpec | undefined {
    const r = this.resolved.accumulator;
    if (!r) return undefined;
    if (this.acc) return this.acc;
    const key = `${this.layerName}/accumulator`;
    if (r.format.kind !== 'float' && r.format.kind !== 'fixed') {
      throw new RangeError(`${key}: the accumulator format must be float or fixed; got ${r.formatText}`);
    }
    if (!handlerFor(r.format).modes.includes(r.rounding)) {
      throw new RangeError(`${key}: rounding '${r.rounding}' is not available for ${r.formatText}`);
    }
    const seed = deriveSeed(this.cfg.seed ?? 0, this.layerName, 'accumulator', r.seed);
    this.acc = { key, format: r.format, rounding: r.rounding, ...(r.rounding === 'sr' ? { rng: new Rng(seed) } : {}) };
    return this.acc;
  }

  /** Quantizes a parameter as the forward pass uses it (`weight` or `bias` role), with the role's estimator. */
  param(role: 'weight' | 'bias', x: tf.Tensor, training: boolean): tf.Tensor {
    const q = this.quantizer(role);
    if (!q || (!training && role === 'weight' && this.cfg.testWeights === 'real')) return x;
    return fakeQuant(x, (v) => q.quantize(v, training, undefined, v), null, q.spec.backward);
  }

  /** The layer output: `activation` role forward (with its estimator), `error` role on dL/d(output) backward. */
  output(y: tf.Tensor, training: boolean): tf.Tensor {
    const qa = this.quantizer('activation');
    const qe = training ? this.quantizer('error') : undefined;
    if (!qa && !qe) return y;
    return fakeQuant(y, qa ? (v) => qa.quantize(v, training, undefined, v) : null, qe ? (v) => qe.quantize(v, true, undefined, v) : null, qa?.spec.backward ?? IDENTITY);
  }

  /**
   * Starts or ends DFXP range initialisation (methods.md §1.4) for every dynamic quantizer of the layer, including
   * those created later while it is on: they round at 25 bits with the same integer bits until it ends.
   */
  setRangeInit(on: boolean): void {
    this.rangeInit = on;
    for (const q of this.quantizers.values()) {
      if (!q.dynamic || q.dynamic.inRangeInit === on) continue;
      if (on) q.dynamic.beginRangeInit();
      else q.dynamic.endRangeInit();
    }
  }

  /** Every quantizer created so far (for `endBatch` and range initialisation). */
  all(): RoleQuantizer[] {
    return [...this.quantizers.values()];
  }

  /** DFXP states by key (pending restored states included), for saving with the layer. */
  stateJSON(): Record<string, DynamicFixedStateJSON> {
    const out: Record<string, DynamicFixedStateJSON> = { ...this.pending };
    for (const [k, q] of this.quantizers) {
      const s = q.stateJSON();
      if (s) out[k] = s;
    }
    return out;
  }

  /**
   * The config fields to serialize with the layer. Format strings are written in canonical form
   * (`float(e=4,m=3,specials=fn)`, never a preset id like `float8_e4m3fn`), because tfjs' serializer camel-cases
   * every string value that contains an underscore when a model is loaded.
   */
  toConfig(): LayerQuantConfig {
    const out: LayerQuantConfig = {};
    if (this.cfg.precision && Object.keys(this.cfg.precision).length) out.precision = canonicalRoles(this.cfg.precision);
    const st = this.stateJSON();
    if (Object.keys(st).length) out.quantState = st;
    if (this.cfg.seed !== undefined) out.seed = this.cfg.seed;
    if (this.cfg.dfixed) out.dfixed = this.cfg.dfixed;
    if (this.cfg.testWeights === 'real') out.testWeights = 'real';
    return out;
  }
}

function canonicalRoles(roles: RolesSpec): RolesSpec {
  const out: RolesSpec = {};
  for (const [role, q] of Object.entries(roles) as Array<[TensorRole, RolesSpec[TensorRole]]>) {
    if (q) out[role] = { ...q, format: formatToString(parseFormat(q.format)) };
  }
  return out;
}

/** Layers that carry a `LayerQuant` (QDense, QConv2D, Maxout, BatchNorm). */
export interface QuantizedLayer {
  readonly quant: LayerQuant;
  /** Trainable parameters with their name (`kernel`, `bias`, `gamma`, `beta`) and whether weight clipping applies. */
  quantizedParams(): Array<{ name: string; variable: tf.LayerVariable; clip: boolean }>;
}

/** Type guard for quantized layers. */
export function isQuantizedLayer(layer: unknown): layer is QuantizedLayer & tf.layers.Layer {
  return typeof layer === 'object' && layer !== null && (layer as { quant?: unknown }).quant instanceof LayerQuant;
}
