import type * as tf from '@tensorflow/tfjs';
import type { FixedSpec, FormatSpec } from '../../simulators/formats/formatSpec.js';
import { DynamicFixedState } from '../../simulators/formats/dynamicFixed.js';
import { quantizeArray, type QuantizeCounts } from '../../simulators/quantize.js';
import { Rng } from '../../simulators/random/rng.js';
import type { CompiledRole } from '../policy/compilePolicy.js';
import { assertFloat32Exact } from './float32Exact.js';
import { fakeQuant } from './fakeQuant.js';
import type { ApplyOptions, RoleQuantizer, RoleQuantizerContext } from './roleQuantizer.js';

/**
 * Dynamic-fixed-point settings shared by every DFXP role of a run (Courbariaux et al. 2014 §1.4 of methods.md).
 * @example
 * applyPolicy(model, policy, { dfixed: { updateEvery: 10, maxOverflowRate: 1e-4 } })
 */
export interface DfixedOptions {
  /** Batches between range updates (default 100). */
  updateEvery?: number;
  /** Largest acceptable overflow rate (default 1e-4). */
  maxOverflowRate?: number;
}

/**
 * Width used during range initialisation: the widest signed fixed format float32 holds exactly (24 bits + sign).
 * @example
 * RANGE_INIT_WIDTH // 25: range initialisation rounds into fixed(w=25,f)
 */
export const RANGE_INIT_WIDTH = 25;

/**
 * How a simulator format rounds the values of one role: a fixed `FormatSpec`, or one whose parameters are state
 * (DFXP's fraction length). A format with state over an axis (a scale per channel or per block) reads `shape`.
 * @example
 * // what a ValueQuantizer rounds with: a static format, or a DFXP state that moves its fraction length
 * rounder.currentSpec() // the format values are rounded into now
 */
export interface ValueRounder {
  /** The format values are rounded into now. */
  currentSpec(): FormatSpec;
  /** Rounds `values` (row-major, `shape`) into `out`; `observe` on training batches. */
  round(values: Float32Array, shape: readonly number[], o: { observe: boolean; rounding: CompiledRole['rounding']; rng?: Rng; out: Float32Array; counts?: QuantizeCounts }): Float32Array;
  /** End of a training batch: a stateful rounder updates its range (DFXP) here. */
  endBatch?(): void;
  /** Turns range initialisation on or off (DFXP: observe at full width first). */
  setRangeInit?(on: boolean): void;
  /** The state to save with the model (layer config), if any. */
  toJSON?(): unknown;
  /** Restores a saved state; `key` names the role in error messages. */
  restore?(json: unknown, key: string): void;
  /** The DFXP state, for reports (`dfixedRanges` in run.json). */
  readonly dynamic?: DynamicFixedState;
}

/** A static simulator format: every value is rounded by `quantizeArray` into it. */
export function staticRounder(spec: FormatSpec, key: string, checkFloat32: boolean): ValueRounder {
  if (checkFloat32) assertFloat32Exact(spec, `RoleQuantizer(${key})`);
  return {
    currentSpec: () => spec,
    round: (values, _shape, o) => quantizeArray(spec, values, { rounding: o.rounding, rng: o.rng, out: o.out, counts: o.counts }),
  };
}

/**
 * Dynamic fixed point: one `DynamicFixedState` that observes every training batch and moves its range every
 * `updateEvery` batches. For float32 data the fraction length is kept in [w − 128, 149] when rounding (the state
 * itself is not changed); that happens only when a group is all zeros or has overflowed.
 */
export function dynamicFixedRounder(spec: Extract<FormatSpec, { kind: 'dfixed' }>, key: string, options: DfixedOptions = {}): ValueRounder {
  let state = DynamicFixedState.fromSpec(spec, { ...options, rangeInitW: RANGE_INIT_WIDTH });
  assertFloat32Exact({ kind: 'fixed', signed: true, w: spec.w, f: spec.f, overflow: spec.overflow }, `RoleQuantizer(${key})`);
  const current = (): FixedSpec => {
    const s = state.spec();
    const f = Math.max(s.w - 128, Math.min(149, s.f));
    return f === s.f ? s : { ...s, f };
  };
  return {
    get dynamic() {
      return state;
    },
    currentSpec: current,
    round(values, _shape, o) {
      const s = current();
      if (o.observe) {
        // one pass (WebAssembly) where it applies: the same counts and bits as observe + quantizeArray
        if (!o.counts && o.rounding === 'rne' && state.observeRoundingRne(values, s, o.out)) return o.out;
        state.observe(values);
      }
      return quantizeArray(s, values, { rounding: o.rounding, rng: o.rng, out: o.out, counts: o.counts });
    },
    endBatch: () => state.endBatch(),
    setRangeInit(on) {
      if (state.inRangeInit === on) return;
      if (on) state.beginRangeInit();
      else state.endRangeInit();
    },
    toJSON: () => state.toJSON(),
    restore(json, k) {
      const restored = DynamicFixedState.fromJSON(json);
      if (restored.w !== state.w) throw new RangeError(`RoleQuantizer(${k}).restoreState: saved width ${restored.w} differs from the policy's ${state.w}`);
      state = restored;
    },
  };
}

/**
 * The quantizer of a role whose format is a simulator format (float, fixed, pow2, binary, ternary, dfixed, …):
 * values are rounded bit for bit as `quantizeArray` does, through the format's `ValueRounder`. Stochastic
 * rounding draws from a generator seeded once (layer seed, role key, policy seed) and advanced by every call, so a
 * run is reproducible and no two calls reuse draws. On tensors (`apply`) it is `fakeQuant`: the forward pass
 * rounds the tensor's data, the backward pass applies the role's estimator (after the `error` role, if given).
 * @example const q = createRoleQuantizer(compileRoles({ weight: { format: 'int8' } }).weight!, { key: 'l/weight', seed: 1 })
 */
export class ValueQuantizer implements RoleQuantizer {
  private readonly rng: Rng | undefined;

  constructor(
    readonly role: CompiledRole,
    readonly ctx: RoleQuantizerContext,
    private readonly rounder: ValueRounder,
  ) {
    if (role.rounding === 'sr') this.rng = new Rng(ctx.seed);
  }

  get key(): string {
    return this.ctx.key;
  }

  /** The DFXP state (dfixed formats), else undefined. */
  get dynamic(): DynamicFixedState | undefined {
    return this.rounder.dynamic;
  }

  /** The format values are rounded into now (for DFXP: the signed fixed format at the current range). */
  currentSpec(): FormatSpec {
    return this.rounder.currentSpec();
  }

  /** Rounds values into `out` (default a new array; `out === values` rounds in place); shape default flat. */
  quantize(values: Float32Array, observe: boolean, counts?: QuantizeCounts, out: Float32Array = new Float32Array(values.length), shape: readonly number[] = [values.length]): Float32Array {
    return this.rounder.round(values, shape, { observe, rounding: this.role.rounding, rng: this.rng, out, counts });
  }

  round(values: Float32Array, shape: readonly number[], observe: boolean): Float32Array {
    return this.quantize(values, observe, undefined, values, shape);
  }

  apply(x: tf.Tensor, o: ApplyOptions): tf.Tensor {
    const err = o.error;
    return fakeQuant(x, (v) => this.round(v, x.shape, o.training), err ? (g) => err.round(g, x.shape, true) : null, this.role.backward);
  }

  endBatch(): void {
    this.rounder.endBatch?.();
  }

  setRangeInit(on: boolean): void {
    this.rounder.setRangeInit?.(on);
  }

  stateJSON(): unknown {
    return this.rounder.toJSON?.();
  }

  restoreState(json: unknown): void {
    if (!this.rounder.restore) throw new RangeError(`RoleQuantizer(${this.key}).restoreState: the format ${this.role.formatText} has no state`);
    this.rounder.restore(json, this.key);
  }

  variables(): tf.LayerVariable[] {
    return [];
  }

  dispose(): void {}
}
