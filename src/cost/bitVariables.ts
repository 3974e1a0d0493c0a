import * as tf from '@tensorflow/tfjs';
import type { Operand, OperandRef, OpTrace, TraceRole } from '../../cost-models/opTrace.js';
import { TENSOR_ROLES } from '../policy/policySpec.js';

/**
 * How many bitlengths: one per role for the whole model, one per (layer, role), or one per output channel.
 * @example
 * createBitVariables(trace, { granularity: 'layer' })
 */
export type Granularity = 'tensor-role' | 'layer' | 'channel';
/**
 * The granularities, coarsest first.
 * @example
 * GRANULARITIES // ['tensor-role', 'layer', 'channel']
 */
export const GRANULARITIES: readonly Granularity[] = ['tensor-role', 'layer', 'channel'];

/**
 * Options of `createBitVariables`.
 * @example
 * createBitVariables(trace, { roles: ['weight'], granularity: 'channel', initial: 8 })
 */
export interface BitVariableOptions {
  /** Roles that get variables (default weight and activation). Only fixed-point operands qualify. */
  roles?: readonly TraceRole[];
  /** Default 'layer'. */
  granularity?: Granularity;
  /** Initial bitlength (default: each operand's width in the trace). */
  initial?: number;
}

/**
 * Real-valued bitlength variables attached to (layer, role) operands of a trace.
 * @example
 * const bits: BitVariables = createBitVariables(profileModel(zooModel('lenet5'), { policy: int8 }));
 * [...bits.variables.keys()] // ['weight', 'activation']
 * bits.dispose();
 */
export interface BitVariables {
  readonly granularity: Granularity;
  /** Variables by key: the role (`tensor-role`) or `layer/role` (`layer`, `channel`: vectors of the layer's channels). */
  readonly variables: ReadonlyMap<string, tf.Variable>;
  /** The key a (layer, role) maps to, or undefined when it has no variable. */
  keyOf(ref: OperandRef): string | undefined;
  /** Width tensor for an operand in the layout a cost formula needs, or undefined for a static width. */
  widthOf(operand: Operand, slot: 'a' | 'b' | 'flat'): tf.Tensor | undefined;
  /** Frees the tfjs variables. */
  dispose(): void;
}

/**
 * Creates trainable bitlength variables for the fixed-point operands of a trace (BitPruning, Nikolić et al.
 * arXiv:2002.03090: bitlengths learned "at any granularity"). A variable replaces the width `w` of a fixed-point
 * format wherever that (layer, role) appears: in products, accumulators, adds, comparisons and memory.
 * Floats, powers of two, binary and ternary formats have no variable.
 * @throws RangeError when a role is unknown, the granularity is unknown, or no fixed-point operand has a requested role.
 * @example const bits = createBitVariables(profileModel(m, { policy: int8 }), { granularity: 'channel' });
 */
export function createBitVariables(trace: OpTrace, options: BitVariableOptions = {}): BitVariables {
  const roles = options.roles ?? ['weight', 'activation'];
  for (const r of roles) if (!TENSOR_ROLES.includes(r)) throw new RangeError(`createBitVariables: options.roles: unknown role ${JSON.stringify(r)}; known: ${TENSOR_ROLES.join(', ')}`);
  const granularity = options.granularity ?? 'layer';
  if (!GRANULARITIES.includes(granularity)) throw new RangeError(`createBitVariables: options.granularity must be one of ${GRANULARITIES.join(', ')}; got ${JSON.stringify(granularity)}`);
  if (options.initial !== undefined && !(Number.isFinite(options.initial) && options.initial > 0)) {
    throw new RangeError(`createBitVariables: options.initial must be a positive number of bits; got ${options.initial}`);
  }
  const channels = new Map(trace.layers.map((l) => [l.name, l.channels]));
  const found = new Map<string, { ref: OperandRef; bits: number }>();
  for (const op of operandsOf(trace)) {
    if (op.format.kind !== 'int' || !roles.includes(op.ref.role)) continue;
    found.set(`${op.ref.layer}/${op.ref.role}`, { ref: op.ref, bits: op.format.bits });
  }
  if (found.size === 0) {
    throw new RangeError(`createBitVariables: no fixed-point operand with role ${roles.join(' or ')} in the trace; profile with a policy that gives these roles fixed(w=…) formats`);
  }
  const keyOf = (ref: OperandRef) => (found.has(`${ref.layer}/${ref.role}`) ? (granularity === 'tensor-role' ? ref.role : `${ref.layer}/${ref.role}`) : undefined);
  const variables = new Map<string, tf.Variable>();
  for (const { ref, bits } of found.values()) {
    const key = keyOf(ref)!;
    if (variables.has(key)) continue;
    const init = options.initial ?? bits;
    const n = granularity === 'channel' ? (channels.get(ref.layer) ?? 1) : 0;
    const value = n ? tf.fill([n], init) : tf.scalar(init);
    variables.set(key, tf.variable(value, true, `bits/${key}`.replace(/[^A-Za-z0-9_./-]/g, '_') + `/${uid++}`));
    value.dispose();
  }
  return {
    granularity,
    variables,
    keyOf,
    widthOf(operand, slot) {
      const key = keyOf(operand.ref);
      const v = key === undefined ? undefined : variables.get(key);
      if (!v || operand.format.kind !== 'int') return undefined;
      if (v.rank === 0 || slot === 'flat') return v;
      return slot === 'a' ? tf.reshape(v, [-1, 1]) : tf.reshape(v, [1, -1]);
    },
    dispose() {
      for (const v of variables.values()) v.dispose();
    },
  };
}

let uid = 0;

/** Every operand a trace mentions. */
export function* operandsOf(trace: OpTrace): Generator<Operand> {
  for (const l of trace.layers) {
    for (const g of [...l.macs, ...l.muls]) yield* [g.a, g.b];
    for (const g of l.macs) if (g.accumulator.kind === 'int') yield g.accumulator.operand;
    for (const g of [...l.adds, ...l.compares]) yield g.operand;
    for (const m of l.memory) yield m.operand;
    for (const t of l.tensors) yield t.operand;
  }
}
