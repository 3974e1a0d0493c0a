import type { FixedSpec, FormatSpec } from '../../simulators/formats/formatSpec.js';
import { DynamicFixedState, type DynamicFixedStateJSON } from '../../simulators/formats/dynamicFixed.js';
import { quantizeArray, type QuantizeCounts } from '../../simulators/quantize.js';
import { Rng } from '../../simulators/random/rng.js';
import type { RoundingMode } from '../../simulators/rounding/roundingMode.js';
import { assertFloat32Exact } from './float32Exact.js';
import { tensorFormat } from './quantizeTensor.js';
import type { EstimatorSpec } from './estimatorSpec.js';

/** Dynamic-fixed-point settings shared by every DFXP role of a run (Courbariaux et al. 2014 §1.4 of methods.md). */
export interface DfixedOptions {
  /** Batches between range updates (default 100). */
  updateEvery?: number;
  /** Largest acceptable overflow rate (default 1e-4). */
  maxOverflowRate?: number;
}

/** Width used during range initialisation: the widest signed fixed format float32 holds exactly (24 bits + sign). */
export const RANGE_INIT_WIDTH = 25;

/** What a role quantizer needs: the format, rounding, seed and estimator (a resolved policy role). */
export interface RoleQuantizerSpec {
  format: FormatSpec;
  rounding: RoundingMode;
  seed: number;
  backward: EstimatorSpec;
}

/**
 * One quantizer of one role of one layer (e.g. `dense_1/weight`): a static format, or for `dfixed` a
 * `DynamicFixedState` that observes every training batch and moves its range every `updateEvery` batches.
 * Stochastic rounding draws from a generator seeded once (by the layer seed, the role and the policy seed) and
 * advanced by every call, so a run is reproducible and no two calls reuse draws.
 *
 * Not modelled: for float32 data a DFXP fraction length is kept in [w − 128, 149] when rounding (the state itself
 * is not changed), since outside it the format's values are not float32 numbers; that happens only when a group
 * is all zeros or has overflowed to inf.
 */
export class RoleQuantizer {
  readonly dynamic: DynamicFixedState | undefined;
  private readonly rng: Rng | undefined;
  private readonly staticSpec: FormatSpec | undefined;

  constructor(
    readonly key: string,
    readonly spec: RoleQuantizerSpec,
    dfixed: DfixedOptions = {},
  ) {
    if (spec.format.kind === 'dfixed') {
      this.dynamic = DynamicFixedState.fromSpec(spec.format, { ...dfixed, rangeInitW: RANGE_INIT_WIDTH });
      assertFloat32Exact(tensorFormat(spec.format), `RoleQuantizer(${key})`);
    } else {
      this.staticSpec = spec.format;
      assertFloat32Exact(spec.format, `RoleQuantizer(${key})`);
    }
    // checks the rounding mode against the format now, not at the first batch
    quantizeArray(this.currentSpec(), new Float32Array(1), { rounding: spec.rounding, rng: new Rng(0) });
    if (spec.rounding === 'sr') this.rng = new Rng(spec.seed);
  }

  /** The format values are rounded into now (for DFXP: the signed fixed format at the current range). */
  currentSpec(): FormatSpec {
    if (this.staticSpec) return this.staticSpec;
    const s = this.dynamic!.spec();
    const f = Math.max(s.w - 128, Math.min(149, s.f));
    return f === s.f ? s : ({ ...s, f } satisfies FixedSpec);
  }

  /**
   * Rounds values into `out` (default a new Float32Array; `out === values` rounds in place). With `observe`, a
   * DFXP state first counts the values' overflows (training batches only; call `endBatch` after each batch).
   */
  quantize(values: Float32Array, observe: boolean, counts?: QuantizeCounts, out: Float32Array = new Float32Array(values.length)): Float32Array {
    const spec = this.currentSpec();
    if (observe && this.dynamic) {
      // one pass (WebAssembly) where it applies: the same counts and bits as observe + quantizeArray
      if (!counts && this.spec.rounding === 'rne' && this.dynamic.observeRoundingRne(values, spec as FixedSpec, out)) return out;
      this.dynamic.observe(values);
    }
    return quantizeArray(spec, values, { rounding: this.spec.rounding, rng: this.rng, out, counts });
  }

  /** Closes a training batch for a DFXP state (range update every `updateEvery` batches). */
  endBatch(): void {
    this.dynamic?.endBatch();
  }

  /** The DFXP state as JSON (undefined for a static format). */
  stateJSON(): DynamicFixedStateJSON | undefined {
    return this.dynamic?.toJSON();
  }

  /** Restores a DFXP state saved by `stateJSON` (the width must match the policy's). */
  restoreState(json: DynamicFixedStateJSON): RoleQuantizer {
    if (!this.dynamic) throw new RangeError(`RoleQuantizer(${this.key}).restoreState: the format is not dfixed`);
    const restored = DynamicFixedState.fromJSON(json);
    if (restored.w !== this.dynamic.w) {
      throw new RangeError(`RoleQuantizer(${this.key}).restoreState: saved width ${restored.w} differs from the policy's ${this.dynamic.w}`);
    }
    (this as { dynamic: DynamicFixedState }).dynamic = restored;
    return this;
  }
}
