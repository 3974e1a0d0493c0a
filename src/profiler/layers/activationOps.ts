import type { Operand } from '../../../cost-models/opTrace.js';
import { mulGroup, noOps, type LayerEnv, type LayerOps } from '../layerHandler.js';

const SMOOTH = ['elu', 'selu', 'gelu', 'sigmoid', 'tanh', 'softplus', 'softsign', 'swish', 'silu', 'mish', 'exponential'];
const KNOWN = ['linear', 'relu', 'relu6', 'hardtanh', 'hardsigmoid', 'leakyrelu', 'softmax', ...SMOOTH];

/** Lower-case, without underscores: 'hard_sigmoid' and 'hardSigmoid' are the same activation. */
export function normalizeActivation(env: LayerEnv, key: string, name: unknown): string {
  if (name === undefined || name === null) return 'linear';
  const n = typeof name === 'string' ? name.toLowerCase().replace(/_/g, '') : '';
  if (!KNOWN.includes(n)) env.cfg.fail(key, `is an activation the profiler does not model: ${JSON.stringify(name)}; known: ${KNOWN.join(', ')}`);
  return n;
}

/**
 * Forward cost of an elementwise activation over `count` values of `x`'s format:
 *
 * | activation          | per value                                                     |
 * |---------------------|---------------------------------------------------------------|
 * | linear              | nothing                                                       |
 * | relu                | 1 comparison                                                  |
 * | relu6 / max_value   | 2 comparisons                                                 |
 * | hardtanh (clip ±1)  | 2 comparisons                                                 |
 * | leakyrelu           | 1 comparison, 1 multiply                                      |
 * | hardsigmoid         | 1 multiply, 1 add, 2 comparisons (clip)                       |
 * | softmax             | 1 exp (not priced), 1 add (the sum), 1 multiply (by 1/sum)    |
 * | sigmoid, tanh, …    | 1 evaluation of the function (not priced)                     |
 */
export function activationForward(name: string, count: number, x: Operand): LayerOps {
  const ops = noOps();
  if (name === 'linear' || count === 0) return ops;
  const cmp = (n: number) => ops.compares.push({ pass: 'forward', label: name, count: n * count, operand: x });
  if (name === 'relu') cmp(1);
  else if (name === 'relu6' || name === 'hardtanh') cmp(2);
  else if (name === 'leakyrelu') {
    cmp(1);
    ops.muls.push(mulGroup('forward', name, count, x, x));
  } else if (name === 'hardsigmoid') {
    cmp(2);
    ops.muls.push(mulGroup('forward', name, count, x, x));
    ops.adds.push({ pass: 'forward', label: name, count, operand: x });
  } else if (name === 'softmax') {
    ops.unpriced.push({ pass: 'forward', label: name, count, op: 'exp' });
    ops.adds.push({ pass: 'forward', label: name, count, operand: x });
    ops.muls.push(mulGroup('forward', name, count, x, x));
  } else ops.unpriced.push({ pass: 'forward', label: name, count, op: name });
  return ops;
}

/**
 * Backward cost over `count` errors `e` (values `x`): piecewise-linear activations select or scale the error
 * (1 comparison, plus 1 multiply for leakyrelu/hardsigmoid); smooth ones multiply by f'(x) (1 multiply, plus f'
 * not priced); softmax: 2 multiplies and 2 adds per value (e·y − y·Σ e·y).
 */
export function activationBackward(name: string, count: number, e: Operand, x: Operand): LayerOps {
  const ops = noOps();
  if (name === 'linear' || count === 0) return ops;
  if (['relu', 'relu6', 'hardtanh', 'leakyrelu', 'hardsigmoid'].includes(name)) {
    ops.compares.push({ pass: 'backward', label: `${name}'`, count, operand: x });
    if (name === 'leakyrelu' || name === 'hardsigmoid') ops.muls.push(mulGroup('backward', `${name}'`, count, e, e));
  } else if (name === 'softmax') {
    ops.muls.push(mulGroup('backward', `${name}'`, 2 * count, e, x));
    ops.adds.push({ pass: 'backward', label: `${name}'`, count: 2 * count, operand: e });
  } else {
    ops.unpriced.push({ pass: 'backward', label: `${name}'`, count, op: `${name}'` });
    ops.muls.push(mulGroup('backward', `${name}'`, count, e, x));
  }
  return ops;
}
