import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { QDense } from '../../../src/layers/qDense.js';
import { bindParams } from '../../../src/optimizers/paramBinding.js';
import { createOptimizer, type OptimizerSpec } from '../../../src/optimizers/createOptimizer.js';
import { QuantizedSgd } from '../../../src/optimizers/sgd.js';
import { parseFormat } from '../../../simulators/formats/parseFormat.js';
import { quantize } from '../../../simulators/quantize.js';
import type { RolesSpec } from '../../../src/policy/policySpec.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const W0 = [0.5, -0.25, 0.125, 1.5];
const B0 = [0.1, -0.2];
const G = [
  [[0.3, -0.6, 0.05, 0.9], [0.01, 0.02]],
  [[-0.2, 0.4, 0.7, -0.1], [-0.03, 0.5]],
];
const f = Math.fround;

/** A one-layer model with known weights and its bindings. */
function setup(precision: RolesSpec = {}) {
  const layer = new QDense({ units: 2, inputShape: [2], name: 'd', precision });
  const model = tf.sequential({ layers: [layer] });
  layer.setWeights([tf.tensor2d(W0, [2, 2]), tf.tensor1d(B0)]);
  const b = bindParams(model);
  const step = (opt: ReturnType<typeof createOptimizer>, k: number) => {
    const grads = { [b[0]!.name]: tf.tensor2d(G[k]![0]!, [2, 2]), [b[1]!.name]: tf.tensor1d(G[k]![1]!) };
    opt.step(b, grads);
    tf.dispose(Object.values(grads));
  };
  const read = () => layer.getWeights().map((t) => Array.from(t.dataSync()));
  return { layer, b, step, read };
}

/** Reference optimizers in plain doubles, each stored value rounded to float32 (and by `q` when given). */
function reference(spec: OptimizerSpec, q: { grad?: (x: number) => number; mom?: (x: number) => number; upd?: (x: number) => number } = {}) {
  const id = (x: number) => x;
  const [qg, qm, qu] = [q.grad ?? id, q.mom ?? id, q.upd ?? id];
  const params = [W0.map(f), B0.map(f)];
  const s1 = params.map((p) => p.map(() => 0));
  const s2 = params.map((p) => p.map(() => 0));
  const { lr, momentum = 0, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8, clip } = spec;
  for (let t = 1; t <= 2; t++) {
    params.forEach((p, j) => {
      p.forEach((w, i) => {
        const g = f(qg(f(G[t - 1]![j]![i]!)));
        let nw: number;
        if (spec.type === 'sgd' && momentum === 0) {
          nw = f(w - lr * g);
        } else if (spec.type === 'sgd') {
          s1[j]![i] = f(qm(f(momentum * s1[j]![i]! - lr * g)));
          nw = f(w + s1[j]![i]!);
        } else if (spec.type === 'adam') {
          s1[j]![i] = f(qm(f(beta1 * s1[j]![i]! + (1 - beta1) * g)));
          s2[j]![i] = f(qm(f(beta2 * s2[j]![i]! + (1 - beta2) * g * g)));
          nw = f(w - (lr * (s1[j]![i]! / (1 - beta1 ** t))) / (Math.sqrt(s2[j]![i]! / (1 - beta2 ** t)) + epsilon));
        } else {
          s1[j]![i] = f(qm(f(beta1 * s1[j]![i]! + (1 - beta1) * g)));
          s2[j]![i] = f(qm(f(Math.max(beta2 * s2[j]![i]!, Math.abs(g)))));
          nw = f(w - ((lr / (1 - beta1 ** t)) * s1[j]![i]!) / (s2[j]![i]! + epsilon));
        }
        if (clip !== undefined && j === 0) nw = Math.min(clip, Math.max(-clip, nw));
        p[i] = f(qu(nw));
      });
    });
  }
  return params;
}

const SPECS: OptimizerSpec[] = [
  { type: 'sgd', lr: 0.1 },
  { type: 'sgd', lr: 0.1, momentum: 0.9 },
  { type: 'adam', lr: 0.01 },
  { type: 'adamax', lr: 0.02, beta1: 0.8 },
  { type: 'sgd', lr: 0.5, momentum: 0.5, clip: 0.6 },
];

describe('optimizers without quantization match their formulas', () => {
  for (const spec of SPECS) {
    it(JSON.stringify(spec), () => {
      const { step, read } = setup();
      const opt = createOptimizer(spec);
      step(opt, 0);
      step(opt, 1);
      expect(read()).toEqual(reference(spec));
    });
  }
});

describe('optimizers with quantized gradient, state and update', () => {
  const roles: RolesSpec = {
    gradient: { format: 'fixed(w=8,f=4)' },
    momentum: { format: 'fixed(w=10,f=6)' },
    update: { format: 'fixed(w=12,f=8)' },
  };
  const Q = (fmt: string) => (x: number) => quantize(parseFormat(fmt), x);
  for (const spec of SPECS) {
    it(JSON.stringify(spec), () => {
      const { step, read } = setup(roles);
      const opt = createOptimizer(spec);
      step(opt, 0);
      step(opt, 1);
      const got = read();
      expect(got).toEqual(reference(spec, { grad: Q('fixed(w=8,f=4)'), mom: Q('fixed(w=10,f=6)'), upd: Q('fixed(w=12,f=8)') }));
      // stored parameters are values of the update format
      for (const v of got.flat()) expect(quantize(parseFormat('fixed(w=12,f=8)'), v)).toBe(v);
    });
  }

  it('DFXP roles get one state per parameter and slot', () => {
    const dfx = { format: 'dfixed(w=10)' };
    const { layer, step } = setup({ gradient: dfx, momentum: dfx, update: dfx });
    step(createOptimizer({ type: 'adam', lr: 0.01 }), 0);
    expect(layer.quant.all().map((q) => q.key).sort()).toEqual(
      ['gradient:bias', 'gradient:kernel', 'momentum:bias:m', 'momentum:bias:v', 'momentum:kernel:m', 'momentum:kernel:v', 'update:bias', 'update:kernel'].map((k) => `d/${k}`),
    );
  });
});

describe('optimizer API', () => {
  it('reset forgets state; a gradient missing from the map leaves its parameter alone', () => {
    const { b, read } = setup();
    const opt = new QuantizedSgd({ lr: 1, momentum: 0.5 });
    const g = { [b[1]!.name]: tf.tensor1d([1, 1]) };
    opt.step(b, g);
    opt.reset();
    opt.step(b, g);
    expect(read()).toEqual([W0.map(f), B0.map((x) => f(f(x - 1) - 1))]);
  });

  it('rejects bad specs with messages naming the field', () => {
    expect(() => createOptimizer({ type: 'rmsprop' as 'sgd', lr: 1 })).toThrow('createOptimizer: type must be one of sgd, adam, adamax, shiftAdamax; got "rmsprop"');
    expect(() => createOptimizer({ type: 'sgd', lr: 0 })).toThrow('sgd: lr must be a finite number > 0; got 0');
    expect(() => createOptimizer({ type: 'sgd', lr: 1, momentum: 1 })).toThrow('sgd: momentum must be in [0, 1); got 1');
    expect(() => createOptimizer({ type: 'adam', lr: 1, beta2: 1 })).toThrow('adam: beta2 must be in [0, 1); got 1');
    expect(() => createOptimizer({ type: 'adamax', lr: 1, epsilon: 0 })).toThrow('adamax: epsilon must be > 0; got 0');
    expect(() => createOptimizer({ type: 'adam', lr: 1, momentum: 0.9 })).toThrow('momentum applies to sgd only');
    expect(() => createOptimizer({ type: 'sgd', lr: 1, beta1: 0.9 })).toThrow('beta1, beta2 and epsilon apply to adam and adamax only');
    expect(() => createOptimizer({ type: 'sgd', lr: 1, clip: -1 })).toThrow('sgd: clip must be a number > 0; got -1');
  });
});
