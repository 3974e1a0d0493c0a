import type {
  Accumulator, AddGroup, CompareGroup, IndexTable, MacGroup, MoveGroup, MulGroup, Operand, OpPass, TraceRole, UnpricedGroup,
} from '../../cost-models/opTrace.js';
import { classifyMac } from '../../cost-models/macUnit.js';
import type { LayerConfig } from './_internal/layerConfig.js';
import type { RolesSpec } from '../policy/policySpec.js';

/**
 * What a handler sees of one layer while the profiler walks the graph.
 * @example
 * // what the profiler passes a layer handler: the layer's operands by role, its phase and batch size
 * handler.forward(env satisfies LayerEnv, true)
 */
export interface LayerEnv {
  readonly name: string;
  readonly className: string;
  readonly cfg: LayerConfig;
  readonly inputShapes: readonly (readonly number[])[];
  readonly outputShape: readonly number[];
  /** The input tensors' activation operands (views resolved to the layer that owns the values). */
  readonly inputs: readonly Operand[];
  /** The input tensors' error operands (training). */
  readonly inputErrors: readonly Operand[];
  /** True when the first input is the model input: no error needs to flow back to it. */
  readonly fromModelInput: boolean;
  /** This layer's operand for a role (its policy format; float32 when unset). */
  role(r: TraceRole): Operand;
  /** The accumulator for products of `a` by `b`: the policy's `accumulator` role, else `defaultAccumulator`. */
  accumulator(a: Operand, b: Operand, fanIn: number): Accumulator;
}

/**
 * The ops of one pass of one layer.
 * @example
 * const ops: LayerOps = LOWBIT_LAYER_COSTS.get('QDense')!.forward(env, false); // inference ops of one layer
 */
export interface LayerOps {
  macs: MacGroup[];
  muls: MulGroup[];
  adds: AddGroup[];
  compares: CompareGroup[];
  unpriced: UnpricedGroup[];
  /** Shift moves (shift layers); absent = none. */
  moves?: MoveGroup[];
  /** Index tables stored with the parameters (rounded SALs); absent = none. */
  indexes?: IndexTable[];
}

/**
 * How the profiler understands one layer class. `compute` layers own an output tensor (with the layer's
 * `activation` format), `view` layers (Flatten, Dropout, Reshape…) pass their input's values through unchanged,
 * `input` is the model input (no ops; no error flows back from the layers it feeds). An `input` layer fed by
 * another input re-encodes it (ByteInput): the chip reads the re-encoded values, so the first input costs nothing.
 * @example
 * // the profiler's view of one layer class (how lowbit's own layers are priced: LOWBIT_LAYER_COSTS)
 * const h: LayerHandler = LOWBIT_LAYER_COSTS.get('QDense')!;
 */
export interface LayerHandler {
  readonly kind: 'compute' | 'view' | 'input';
  /** Output shape (no batch dimension) from the input shapes; throws on a config it cannot handle. */
  outputShape(inputShapes: readonly (readonly number[])[], cfg: LayerConfig): number[];
  /** Trainable parameter counts, by role (`weight`: kernel, gamma; `bias`: bias, beta). */
  params(inputShapes: readonly (readonly number[])[], cfg: LayerConfig): { weight: number; bias: number };
  /** Forward ops (`training` true when batch statistics are computed, as in batch norm). */
  forward(env: LayerEnv, training: boolean): LayerOps;
  /** Backward ops: error propagation, weight gradient (the profiler adds the update and all memory traffic). */
  backward(env: LayerEnv): LayerOps;
  /** Whether backward needs this layer's input, so training stores it in DRAM during the forward pass. */
  readonly stashesInput: boolean;
  /**
   * The output values are some of the input values (max pooling), so they keep the producer's format and error
   * format, whatever a policy says for this layer.
   */
  readonly passesFormat?: boolean;
  /**
   * Formats the layer class fixes by construction, as policy roles (e.g. ByteInput's output is n-bit integers).
   * The layer's own `precision` config, then the policy, override them role by role.
   */
  ownRoles?(cfg: LayerConfig): RolesSpec;
}

/** No ops. */
export function noOps(): LayerOps {
  return { macs: [], muls: [], adds: [], compares: [], unpriced: [] };
}

/** Concatenates op lists. */
export function mergeOps(...parts: LayerOps[]): LayerOps {
  const out = noOps();
  for (const p of parts) {
    out.macs.push(...p.macs);
    out.muls.push(...p.muls);
    out.adds.push(...p.adds);
    out.compares.push(...p.compares);
    out.unpriced.push(...p.unpriced);
    if (p.moves?.length) (out.moves ??= []).push(...p.moves);
    if (p.indexes?.length) (out.indexes ??= []).push(...p.indexes);
  }
  return out;
}

/** A MAC group with its unit classified and its accumulator chosen. */
export function macGroup(
  env: LayerEnv,
  pass: OpPass,
  label: string,
  count: number,
  fanIn: number,
  a: Operand,
  b: Operand,
  pairing: { groups?: number; sameChannel?: boolean } = {},
): MacGroup {
  const base = { pass, label, count, fanIn, a, b, unit: classifyMac(a.format, b.format), groups: pairing.groups ?? 1, accumulator: env.accumulator(a, b, fanIn) };
  return pairing.sameChannel ? { ...base, sameChannel: true } : base;
}

/** An elementwise-product group. */
export function mulGroup(pass: OpPass, label: string, count: number, a: Operand, b: Operand, sameChannel = true): MulGroup {
  return { pass, label, count, a, b, unit: classifyMac(a.format, b.format), sameChannel };
}

/** Product of a shape's dimensions. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((p, d) => p * d, 1);
}
