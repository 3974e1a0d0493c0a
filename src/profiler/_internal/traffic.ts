import type { AddGroup, MemoryAccess, MulGroup, Operand, TraceRole } from '../../../cost-models/opTrace.js';
import { mulGroup } from '../layerHandler.js';

/**
 * Training optimizer: SGD with momentum (one state tensor), plain SGD, or Adam/AdaMax (two state tensors).
 * @example
 * profileModel(zooModel('lenet5'), { phase: 'training', optimizer: 'adam' })
 */
export type Optimizer = 'momentum' | 'sgd' | 'adam';

interface TrafficInput {
  info: { role: (r: TraceRole) => Operand; act: Operand; err: Operand };
  inputs: Array<{ act: Operand; err: Operand; elements: number }>;
  params: { weight: number; bias: number };
  outElems: number;
  training: boolean;
  stashesInput: boolean;
  isInput: boolean;
  fromModelInput: boolean;
  batchSize: number;
  optimizer: Optimizer;
}

/** The memory accesses of one layer for one example (see `profileModel` for the assumptions). */
export function memoryTraffic(t: TrafficInput): MemoryAccess[] {
  const out: MemoryAccess[] = [];
  const acc = (pass: MemoryAccess['pass'], label: string, operand: Operand, elements: number, store: MemoryAccess['store'], reads: number, writes: number, category: MemoryAccess['category']) => {
    if (elements > 0) out.push({ pass, label, operand, elements, store, reads, writes, category });
  };
  const { role } = t.info;
  if (t.isInput) {
    acc('forward', 'model input', t.info.act, t.outElems, 'dram', 1, 0, 'activation');
    acc('forward', 'model input', t.info.act, t.outElems, 'sram', 0, 1, 'activation');
    return out;
  }
  acc('forward', 'weight', role('weight'), t.params.weight, 'dram', 1, 0, 'weight');
  acc('forward', 'bias', role('bias'), t.params.bias, 'dram', 1, 0, 'weight');
  for (const i of t.inputs) acc('forward', 'input', i.act, i.elements, 'sram', 1, 0, 'activation');
  acc('forward', 'output', t.info.act, t.outElems, 'sram', 0, 1, 'activation');
  if (!t.training) return out;
  if (t.stashesInput) for (const i of t.inputs) acc('backward', 'stored input', i.act, i.elements, 'dram', 1, 1, 'activation');
  acc('backward', 'error', t.info.err, t.outElems, 'sram', 1, 0, 'activation');
  if (!t.fromModelInput) {
    for (const i of t.inputs) acc('backward', 'input error', i.err, i.elements, 'sram', 0, 1, 'activation');
    acc('backward', 'weight', role('weight'), t.params.weight, 'dram', 1, 0, 'weight');
  }
  const n = t.params.weight + t.params.bias;
  const perStep = 1 / t.batchSize;
  acc('update', 'gradient', role('gradient'), n, 'dram', perStep, perStep, 'optimizer');
  if (t.optimizer === 'momentum') acc('update', 'momentum', role('momentum'), n, 'dram', perStep, perStep, 'optimizer');
  if (t.optimizer === 'adam') {
    acc('update', 'first moment', role('momentum'), n, 'dram', perStep, perStep, 'optimizer');
    acc('update', 'second moment', role('momentum'), n, 'dram', perStep, perStep, 'optimizer');
  }
  acc('update', 'master weights', role('update'), n, 'dram', perStep, perStep, 'optimizer');
  // the forward copy in the weight/bias format is written every step, even when it has the master's format:
  // a cost that jumped when two bitlengths met could not be differentiated
  for (const r of ['weight', 'bias'] as const) acc('update', `${r} copy`, role(r), t.params[r], 'dram', 0, perStep, 'optimizer');
  return out;
}

/**
 * The once-per-step update of `nParams` parameters, divided by the batch size. SGD: w ← w − η·g (1 multiply in
 * the gradient format, 1 add in the update format). Momentum: v ← μ·v − η·g, w ← w + v (plus 1 multiply and 1 add
 * in the momentum format). Adam (Kingma & Ba 2015, Algorithm 1) / AdaMax: m ← β1·m + (1−β1)·g and
 * v ← β2·v + (1−β2)·g² (or u ← max(β2·u, |g|)), w ← w − η·m̂/(√v̂ + ε): 5 multiplies and 2 adds for the moments, and
 * the step's division, square root and scaling counted as 3 multiplies (a lower bound: the energy tables price
 * no divider or square root) plus 1 add, all in the momentum format.
 */
export function stepOps(role: (r: TraceRole) => Operand, nParams: number, batchSize: number, optimizer: Optimizer): { muls: MulGroup[]; adds: AddGroup[] } {
  const count = nParams / batchSize;
  if (count === 0) return { muls: [], adds: [] };
  const g = role('gradient');
  const muls = [mulGroup('update', 'learning rate', count, g, g)];
  const adds: AddGroup[] = [{ pass: 'update', label: 'update', count, operand: role('update') }];
  if (optimizer === 'momentum') {
    const m = role('momentum');
    muls.push(mulGroup('update', 'momentum', count, m, m));
    adds.push({ pass: 'update', label: 'momentum', count, operand: m });
  }
  if (optimizer === 'adam') {
    const m = role('momentum');
    muls.push(mulGroup('update', 'moments', 5 * count, m, m), mulGroup('update', 'step (÷, √, scale)', 3 * count, m, m));
    adds.push({ pass: 'update', label: 'moments and ε', count: 3 * count, operand: m });
  }
  return { muls, adds };
}
