import type * as tf from '@tensorflow/tfjs';
import type { CompiledRole } from '../policy/compilePolicy.js';
import type { DfixedOptions } from './valueQuantizer.js';

/**
 * What a role quantizer is made for: its key (`dense_1/weight`, `dense_1/momentum:kernel:m`) and its stream seed.
 * @example
 * createRoleQuantizer(role, { key: 'dense_1/weight', seed: 11 })
 */
export interface RoleQuantizerContext {
  /** `<layer>/<role>[:<param>[:<slot>]]`, used in messages and as the saved-state key. */
  key: string;
  /** Seed of the quantizer's own random stream (`deriveSeed(layer seed, layer, key, role seed)`). */
  seed: number;
  /** Range-update settings of dynamic fixed point (`dfixed`) roles. */
  dfixed?: DfixedOptions;
}

/**
 * Options of `RoleQuantizer.apply`.
 * @example
 * quantizer.apply(x, { training: true })
 */
export interface ApplyOptions {
  /** Training batch: stateful formats observe the values (DFXP statistics, running ranges). */
  training: boolean;
  /** Rounds dL/d(output) on the way back before the estimator (the `error` role), in place. */
  error?: RoleQuantizer;
  /** The values are ≥ 0 by construction (after ReLU): grids that can use it (learned widths) drop the sign. */
  nonNegative?: boolean;
}

/**
 * One quantizer of one role of one layer, whatever its format: the per-layer owner of the format's state (a
 * DFXP range, learned widths, and for block formats any state over an axis). The layer base (`LayerQuant`) and the
 * optimizers talk to every format through this interface only; `createRoleQuantizer` picks the implementation from
 * the format's kind (`ROLE_QUANTIZER_KINDS`). Shapes are row-major; the channel axis is the last one.
 * @example
 * const q: RoleQuantizer = createRoleQuantizer(compileRoles({ weight: { format: 'int8' } }).weight!, { key: 'dense_1/weight', seed: 1 });
 * const y = q.apply(x, { training: false });
 */
export interface RoleQuantizer {
  readonly key: string;
  readonly role: CompiledRole;
  /** The forward op on a tensor (weight, bias, activation roles), with the role's straight-through estimator. */
  apply(x: tf.Tensor, options: ApplyOptions): tf.Tensor;
  /**
   * Rounds values of the given shape in place (optimizer roles, the error role). With `observe`, stateful formats
   * take the values into their statistics (training batches only).
   * @throws Error for formats that only act on tensors (learned widths).
   */
  round(values: Float32Array, shape: readonly number[], observe: boolean): Float32Array;
  /** Closes a training batch (DFXP range update every `updateEvery` batches). */
  endBatch(): void;
  /** Starts or ends DFXP range initialisation (a no-op for other formats). */
  setRangeInit(on: boolean): void;
  /** The format's state as JSON (saved in the layer config), or undefined when it has none. */
  stateJSON(): unknown;
  /** Restores a state saved by `stateJSON`. @throws RangeError when it does not fit the format. */
  restoreState(json: unknown): void;
  /** Trainable variables the format owns (learned widths while they learn); empty for the others. */
  variables(): tf.LayerVariable[];
  /** Frees tensors the format holds. */
  dispose(): void;
}

/** Builds the quantizer of one role. */
export type RoleQuantizerFactory = (role: CompiledRole, ctx: RoleQuantizerContext) => RoleQuantizer;
