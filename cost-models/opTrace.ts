/**
 * `OpTrace`: what a network does on hardware, per layer, as plain data. The profiler (`src/profiler/`) writes it
 * from a model topology and a precision policy; the cost models (`costReport`, `priceTrace`) read it. Cost models
 * see number formats only through `OperandFormat` (bit widths and kind), never through quantizer code.
 *
 * Counts are per example (batch 1). Per-step work of a training phase (weight update, optimizer state, master
 * weights) is already divided by the batch size.
 *
 * Not modelled: data movement inside the datapath (registers, NoC), control, idle power, latency. Shift moves
 * (`MoveGroup`) are the one exception: they are the whole work of a shift, so they are priced as SRAM traffic.
 */

import type { OperandView } from '../simulators/formats/operandView.js';
import type { TensorRole } from './tensorRole.js';

/**
 * The tensor role an operand's format comes from (`TensorRole`, cost-models/tensorRole.ts).
 * @example
 * const role: TraceRole = 'weight';
 */
export type TraceRole = TensorRole;

/**
 * Which phase a trace covers.
 * @example
 * profileModel(zooModel('lenet5'), { phase: 'training' satisfies Phase })
 */
export type Phase = 'inference' | 'training';

/**
 * Which pass an op belongs to. `update` is the once-per-step optimizer work (already divided by the batch size).
 * @example
 * profileModel(zooModel('lenet5'), { phase: 'training' }).layers[0].memory.filter((m) => m.pass === 'update')
 */
export type OpPass = 'forward' | 'backward' | 'update';

/**
 * The cost-relevant view of a number format (`toOperandFormat` builds it from a `FormatSpec` through the format's
 * family; the table of kinds and the block fields are in simulators/formats/operandView.ts).
 * @example
 * toOperandFormat(parseFormat('int8')) // the integer view of int8 that the cost model prices
 */
export type OperandFormat = OperandView;
export type { BlockView } from '../simulators/formats/operandView.js';

/**
 * The policy entry an operand's format comes from: (layer name, role). Bitlength variables attach here.
 * @example
 * const ref: OperandRef = { layer: 'conv1', role: 'weight' };
 */
export interface OperandRef {
  readonly layer: string;
  readonly role: TraceRole;
}

/**
 * One operand of an op: its format and where that format comes from.
 * @example
 * const { ref, format } = profileModel(zooModel('lenet5')).layers[0].tensors[0].operand;
 */
export interface Operand {
  readonly ref: OperandRef;
  readonly format: OperandFormat;
}

/**
 * The hardware unit that performs a product (see `classifyMac` for the truth table). `data` names the operand
 * (`a` or `b`) whose width drives a mux or a shifter.
 * @example
 * classifyMac(toOperandFormat(parseFormat('int8')), toOperandFormat(parseFormat('int8'))) // { kind: 'intMul' }
 */
export type MacUnit =
  | { readonly kind: 'floatMul'; readonly e: number; readonly m: number }
  | { readonly kind: 'intMul' }
  | { readonly kind: 'shift'; readonly data: 'a' | 'b'; readonly span: number }
  | { readonly kind: 'mux'; readonly data: 'a' | 'b'; readonly ternary: boolean }
  | { readonly kind: 'xnor' };

/**
 * The adder that accumulates a dot product.
 * - `float`: a float adder (policy role `accumulator` set to a float format, or the float default);
 * - `int`: an integer adder as wide as `operand` (the policy's `accumulator` role, which a bitlength variable can drive);
 * - `sum`: the default integer accumulator, as wide as the sum of the integer widths of the operands named in
 *   `terms` plus `extraBits` (ceil(log2(fanIn)), plus the shift span for shifters): no overflow is possible;
 * - `popcount`: XNOR products are summed by a popcount adder tree over the fan-in.
 * @example
 * const int8 = toOperandFormat(parseFormat('int8'));
 * defaultAccumulator(classifyMac(int8, int8), int8, int8, 576) // an int accumulator wide enough for 576 products
 */
export type Accumulator =
  | { readonly kind: 'float'; readonly e: number; readonly m: number }
  | { readonly kind: 'int'; readonly operand: Operand }
  | { readonly kind: 'sum'; readonly terms: ReadonlyArray<'a' | 'b'>; readonly extraBits: number }
  | { readonly kind: 'popcount' };

interface OpGroupBase {
  readonly pass: OpPass;
  /** What the ops are, for people: `forward`, `error`, `weight gradient`, `bias`, `relu`, `momentum`… */
  readonly label: string;
  readonly count: number;
}

/**
 * Elementwise products (no accumulation): batch norm scale, optimizer steps, average-pool division.
 * @example
 * profileModel(zooModel('lenet5'), { phase: 'training' }).layers.flatMap((l) => l.muls)
 */
export interface MulGroup extends OpGroupBase {
  readonly a: Operand;
  readonly b: Operand;
  readonly unit: MacUnit;
  /** Channel c of `a` pairs only with channel c of `b` (batch-norm scale, error × weight of the same channel). */
  readonly sameChannel?: boolean;
}

/**
 * Multiply-accumulates of dot products of length `fanIn`. Channel pairing for per-channel bitlengths: `a`'s
 * channels pair with `b`'s channels within `groups` equal groups (1 = every pair; grouped convolutions), unless
 * `sameChannel` pairs them one to one (error propagation; depthwise with multiplier 1).
 * @example
 * profileModel(zooModel('lenet5')).layers.flatMap((l) => l.macs).map((g) => g.count * g.fanIn)
 */
export interface MacGroup extends MulGroup {
  readonly fanIn: number;
  readonly groups: number;
  readonly accumulator: Accumulator;
}

/**
 * Additions outside dot products (residual adds, batch-norm shifts, pooling sums), in `operand`'s format.
 * @example
 * profileModel(zooModel('resnet18')).layers.flatMap((l) => l.adds)
 */
export interface AddGroup extends OpGroupBase {
  readonly operand: Operand;
}

/**
 * Comparisons (max pooling, ReLU, clipping), as wide as `operand`'s format.
 * @example
 * profileModel(zooModel('lenet5')).layers.flatMap((l) => l.compares)
 */
export interface CompareGroup extends OpGroupBase {
  readonly operand: Operand;
}

/**
 * Ops that are counted but not priced (exp, tanh, division…): listed so a reader sees what is missing.
 * @example
 * profileModel(zooModel('lenet5')).layers.flatMap((l) => l.unpriced).map((u) => u.op) // e.g. ['tanh', 'exp']
 */
export interface UnpricedGroup extends OpGroupBase {
  readonly op: string;
}

/**
 * Values copied to a shifted address with no arithmetic: the spatial shifts of a shift layer or of a rounded Shift
 * Attention Layer (Boukli Hacene et al. 2019, arXiv:1905.12300: a shift has "no multiplier"). Each move reads one
 * value of `operand`'s format and writes it at its shifted address, both in the SRAM that holds the shifted tensor
 * (`bufferElements` values): `priceTrace` charges 2 · bits · sramPjPerBit(bufferElements · bits) per move, in the
 * `activationMemory` category. A move inside a register file would cost less; the energy tables in use (Horowitz
 * ISSCC 2014, QKeras qtools) give no register figure, so the SRAM price is an upper bound.
 * @example
 * profileModel(model).layers.flatMap((l) => l.moves ?? []) // a shift layer's moves
 */
export interface MoveGroup extends OpGroupBase {
  /** The value moved (its width is the move's width; a bitlength variable on it applies). */
  readonly operand: Operand;
  /** Values of the tensor being shifted: the capacity of the SRAM that prices each access. */
  readonly bufferElements: number;
}

/**
 * A stored table of small unsigned integers that is neither a trainable parameter nor a policy role, so no
 * bitlength variable attaches to it: the shift index of every kernel of a rounded SAL, ⌈log₂ k²⌉ bits each (4 for
 * 3×3; official `resnet20.py` counts 4/32 of a float parameter per kernel). Read whole from DRAM `reads` times per
 * example, as the weights (once per pass that uses it); priced in `weightMemory`.
 * @example
 * profileModel(model).layers.flatMap((l) => l.indexes ?? []) // a rounded SAL's shift indices
 */
export interface IndexTable {
  readonly label: string;
  readonly entries: number;
  readonly bits: number;
  readonly reads: number;
}

/**
 * Where a tensor access goes. SRAM is priced by the tensor's own size (its macro capacity), DRAM per bit.
 * @example
 * const store: MemoryStore = 'dram';
 */
export type MemoryStore = 'sram' | 'dram';

/**
 * Energy category of a memory access.
 * @example
 * const category: MemoryCategory = 'weight';
 */
export type MemoryCategory = 'weight' | 'activation' | 'optimizer';

/**
 * Reads and writes of a whole tensor of `elements` values in `operand`'s format.
 * @example
 * profileModel(zooModel('lenet5')).layers[0].memory.map((m) => `${m.label}: ${m.store}`)
 */
export interface MemoryAccess {
  readonly pass: OpPass;
  readonly label: string;
  readonly operand: Operand;
  readonly elements: number;
  readonly store: MemoryStore;
  readonly reads: number;
  readonly writes: number;
  readonly category: MemoryCategory;
}

/**
 * A tensor the layer owns (parameters, its output, and in training its error, gradient, state).
 * @example
 * profileModel(zooModel('lenet5')).layers[0].tensors.map((t) => t.elements)
 */
export interface TensorInfo {
  readonly operand: Operand;
  readonly elements: number;
}

/**
 * Everything one layer does in one phase.
 * @example
 * for (const l of profileModel(zooModel('lenet5')).layers) console.log(l.name, l.className);
 */
export interface LayerTrace {
  readonly name: string;
  readonly className: string;
  /** Output shape without the batch dimension. */
  readonly outputShape: readonly number[];
  /** Output channels (last output dimension): the length of this layer's per-channel bitlength vectors. */
  readonly channels: number;
  /** Trainable parameters (weights and biases; batch norm: gamma and beta). */
  readonly params: number;
  readonly tensors: readonly TensorInfo[];
  readonly macs: readonly MacGroup[];
  readonly muls: readonly MulGroup[];
  readonly adds: readonly AddGroup[];
  readonly compares: readonly CompareGroup[];
  readonly unpriced: readonly UnpricedGroup[];
  readonly memory: readonly MemoryAccess[];
  /** Shift moves (shift layers, rounded SALs); absent = none. */
  readonly moves?: readonly MoveGroup[];
  /** Index tables stored with the parameters (rounded SALs' shift indexes); absent = none. */
  readonly indexes?: readonly IndexTable[];
}

/**
 * The op trace of a model in one phase.
 * @example
 * const trace: OpTrace = profileModel(zooModel('lenet5'), { phase: 'inference' });
 * costReport(trace, horowitz45nm);
 */
export interface OpTrace {
  readonly model: string;
  readonly phase: Phase;
  readonly batchSize: number;
  readonly layers: readonly LayerTrace[];
  /** True when the formats come from a what-if policy that overrides the model's own (`profileModel` option). */
  readonly whatIf?: boolean;
}
