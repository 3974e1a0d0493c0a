import type { LayerTrace, MemoryAccess, Operand, OpTrace, Phase, TraceRole } from '../../cost-models/opTrace.js';
import { defaultAccumulator, classifyMac } from '../../cost-models/macUnit.js';
import { FLOAT32_OPERAND, toOperandFormat } from '../../cost-models/operandFormat.js';
import type { PolicySpec } from '../policy/policySpec.js';
import { compilePolicy, type CompiledPolicy } from '../policy/compilePolicy.js';
import { LayerConfig } from './_internal/layerConfig.js';
import { layerFormats, type LayerFormats } from './_internal/layerFormats.js';
import { memoryTraffic, stepOps, type Optimizer } from './_internal/traffic.js';
import { mergeOps, noOps, sizeOf, type LayerEnv, type LayerHandler } from './layerHandler.js';
import { layerHandler } from './layerRegistry.js';
import { readTopology, type TopologyNode } from './topology.js';

/**
 * Options of `profileModel`.
 * @example
 * profileModel(zooModel('resnet18'), { policy: int8Policy, phase: 'training', batchSize: 32, optimizer: 'momentum' })
 */
export interface ProfileOptions {
  /**
   * A what-if precision policy (validated strictly): every role it sets for a layer overrides the format the layer
   * holds (`null`: float32). Without it, each layer is priced at what it holds. The trace is marked `whatIf`.
   */
  policy?: PolicySpec | CompiledPolicy;
  /** `inference` (default) or `training` (adds backward, update, optimizer state and master weights). */
  phase?: Phase;
  /** Training: examples per step; once-per-step work is divided by it (default 1). */
  batchSize?: number;
  /** Training: `momentum` (SGD with momentum, default; one state tensor), `sgd` (no state) or `adam` (Adam and AdaMax: two state tensors). */
  optimizer?: Optimizer;
}

interface NodeInfo {
  node: TopologyNode;
  handler: LayerHandler;
  cfg: LayerConfig;
  inShapes: number[][];
  outShape: number[];
  act: Operand;
  err: Operand;
  fromInput: boolean;
  role: (r: TraceRole) => Operand;
  precision: LayerFormats;
}

/**
 * Profiles a model into an `OpTrace`: per layer, MACs grouped by unit, other adds, comparisons, unpriced ops,
 * parameter/activation tensors and memory traffic, for one example. Formats are what the model holds: a quantized
 * layer's saved roles (`precision`, with learned widths from `quantState`), a class's own formats (ByteInput's
 * bytes), float32 elsewhere, and the model input at its real width (float32, never a policy's `default`). A
 * what-if `policy` overrides them role by role (see `layerFormats`). A MAC multiplies its input tensor (the
 * producing layer's `activation` format) by the layer's `weight`. Views (Flatten, Dropout, Reshape, ZeroPadding2D)
 * and max pooling pass their producer's values and format through (a maximum is one of its inputs).
 * An input layer that only feeds another input layer (the float32 InputLayer before a `ByteInput`) is re-encoded
 * by it and costs nothing: the model input is read in the format of the last one.
 *
 * Memory assumptions (per example): parameters are read once from DRAM per pass that uses them; each layer
 * reads its inputs from and writes its output to SRAM; the model input comes from DRAM. Training adds: inputs
 * needed by the backward pass are stored to DRAM and read back; errors go through SRAM; and per step (÷ batch)
 * gradients are written and read, optimizer state and master weights (role `update`) read and written in DRAM,
 * and the forward copies of weights and biases (roles `weight`, `bias`) written.
 * @throws RangeError on a bad model, policy or option, or a layer it cannot cost (naming layer and class).
 * @example profileModel(zooModel('resnet18'), { policy, phase: 'inference' }).layers.length
 */
export function profileModel(model: unknown, options: ProfileOptions = {}): OpTrace {
  const { phase, batchSize, optimizer, policy } = checkOptions(options);
  const graph = readTopology(model);
  const infos = new Map<string, NodeInfo>();
  const consumers = new Map<string, number>();
  for (const node of graph.nodes) {
    const info = describeNode(node, infos, policy);
    infos.set(node.name, info);
    if (info.handler.kind === 'compute') for (const src of node.inbound) bump(consumers, infos.get(src)!.act.ref.layer);
  }
  const training = phase === 'training';
  const reencoded = reencodedInputs(graph.nodes, infos);
  const layers = graph.nodes.map((node): LayerTrace => {
    const info = infos.get(node.name)!;
    const { handler, inShapes, outShape } = info;
    const channels = outShape.length ? outShape[outShape.length - 1]! : 1;
    const base = { name: node.name, className: node.className, outputShape: outShape, channels };
    if (handler.kind === 'view' || reencoded.has(node.name)) return { ...base, params: 0, tensors: [], ...noOps(), memory: [] };
    const outElems = sizeOf(outShape);
    const inputs = node.inbound.map((n) => infos.get(n)!);
    const env = makeEnv(info, inputs);
    const params = handler.kind === 'input' ? { weight: 0, bias: 0 } : handler.params(inShapes, info.cfg);
    const ops = handler.kind === 'input' ? noOps() : mergeOps(handler.forward(env, training), training ? handler.backward(env) : noOps());
    const memory: MemoryAccess[] = memoryTraffic({ info, inputs: inputs.map((i, k) => ({ act: i.act, err: i.err, elements: sizeOf(inShapes[k]!) })), params, outElems, training, stashesInput: handler.stashesInput, isInput: handler.kind === 'input', fromModelInput: env.fromModelInput, batchSize, optimizer });
    if (training && handler.kind === 'compute') {
      const step = stepOps(info.role, params.weight + params.bias, batchSize, optimizer);
      ops.muls.push(...step.muls);
      ops.adds.push(...step.adds);
      const extra = (consumers.get(node.name) ?? 0) - 1;
      if (extra > 0) ops.adds.push({ pass: 'backward', label: 'error sum', count: extra * outElems, operand: info.err });
    }
    const nParams = params.weight + params.bias;
    const tensors = [
      { operand: info.role('weight'), elements: params.weight },
      { operand: info.role('bias'), elements: params.bias },
      { operand: info.act, elements: outElems },
      ...(training && handler.kind === 'compute'
        ? [
            { operand: info.err, elements: outElems },
            { operand: info.role('gradient'), elements: nParams },
            { operand: info.role('momentum'), elements: optimizer === 'momentum' ? nParams : optimizer === 'adam' ? 2 * nParams : 0 },
            { operand: info.role('update'), elements: nParams },
          ]
        : []),
    ].filter((t) => t.elements > 0);
    return { ...base, params: nParams, tensors, ...ops, memory };
  });
  return { model: graph.name, phase, batchSize, layers, ...(policy ? { whatIf: true } : {}) };
}

function describeNode(node: TopologyNode, infos: Map<string, NodeInfo>, policy: CompiledPolicy | undefined): NodeInfo {
  const handler = layerHandler(node.className, node.name);
  const cfg = new LayerConfig(node.name, node.className, node.config);
  const inputs = node.inbound.map((n) => infos.get(n)!);
  if (handler.kind !== 'input' && inputs.length === 0) throw new RangeError(`profileModel: layer '${node.name}' (${node.className}) has no input`);
  if (handler.kind === 'view' && inputs.length !== 1) throw new RangeError(`profileModel: layer '${node.name}' (${node.className}) takes exactly one input; got ${inputs.length}`);
  const inShapes = inputs.map((i) => i.outShape);
  const outShape = handler.outputShape(inShapes, cfg);
  const precision = layerFormats(cfg, handler.kind, handler.ownRoles?.(cfg), policy);
  const role = (r: TraceRole): Operand => ({ ref: { layer: node.name, role: r }, format: precision.formats[r] ?? FLOAT32_OPERAND });
  const passes = handler.kind === 'view' || (handler.passesFormat === true && inputs.length === 1);
  return {
    node, handler, cfg, inShapes, outShape, precision, role,
    act: passes ? inputs[0]!.act : role('activation'),
    err: passes ? inputs[0]!.err : role('error'),
    fromInput: handler.kind === 'input' || (handler.kind === 'view' && inputs[0]!.fromInput),
  };
}

/** Input layers whose every consumer is another input layer (it re-encodes them): the chip never reads them. */
function reencodedInputs(nodes: readonly TopologyNode[], infos: Map<string, NodeInfo>): Set<string> {
  const out = new Set<string>();
  for (const n of nodes) {
    const users = nodes.filter((m) => m.inbound.includes(n.name));
    if (users.length > 0 && users.every((m) => infos.get(m.name)!.handler.kind === 'input')) out.add(n.name);
  }
  return out;
}

function makeEnv(info: NodeInfo, inputs: NodeInfo[]): LayerEnv {
  const q = info.precision.accumulator;
  return {
    name: info.node.name,
    className: info.node.className,
    cfg: info.cfg,
    inputShapes: info.inShapes,
    outputShape: info.outShape,
    inputs: inputs.map((i) => i.act),
    inputErrors: inputs.map((i) => i.err),
    fromModelInput: inputs[0]?.fromInput ?? true,
    role: info.role,
    accumulator: (a, b, fanIn) => {
      if (!q) return defaultAccumulator(classifyMac(a.format, b.format), a.format, b.format, fanIn);
      if (q.format.kind !== 'float' && q.format.kind !== 'fixed' && q.format.kind !== 'dfixed') {
        throw new RangeError(`profileModel: layer '${info.node.name}' (${info.node.className}): the accumulator format must be float or fixed point; got ${q.formatText}`);
      }
      const f = toOperandFormat(q.format);
      return f.kind === 'float' ? { kind: 'float', e: f.e, m: f.m } : { kind: 'int', operand: info.role('accumulator') };
    },
  };
}

function checkOptions(o: ProfileOptions): { phase: Phase; batchSize: number; optimizer: Optimizer; policy: CompiledPolicy | undefined } {
  if (typeof o !== 'object' || o === null) throw new TypeError(`profileModel: options must be an object; got ${String(o)}`);
  const phase = o.phase ?? 'inference';
  if (phase !== 'inference' && phase !== 'training') throw new RangeError(`profileModel: options.phase must be 'inference' or 'training'; got ${JSON.stringify(phase)}`);
  const batchSize = o.batchSize ?? 1;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new RangeError(`profileModel: options.batchSize must be a positive integer; got ${JSON.stringify(batchSize)}`);
  const optimizer = o.optimizer ?? 'momentum';
  if (optimizer !== 'momentum' && optimizer !== 'sgd' && optimizer !== 'adam') throw new RangeError(`profileModel: options.optimizer must be 'momentum', 'sgd' or 'adam'; got ${JSON.stringify(optimizer)}`);
  const policy = o.policy === undefined ? undefined : compilePolicy(o.policy, { where: 'policy', tensors: false });
  return { phase, batchSize, optimizer, policy };
}

function bump(m: Map<string, number>, k: string): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}
