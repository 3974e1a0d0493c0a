import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LearnedQuantizer } from '../../../src/quantizers/learnedQuantizer.js';
import { compileRoles } from '../../../src/policy/compilePolicy.js';
import { QDense } from '../../../src/layers/qDense.js';
import { saveModel, loadModel } from '../../../src/io/saveLoad.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const make = (role: 'weight' | 'activation', format = 'learned(init=5.5,min=2,max=8)') =>
  new LearnedQuantizer(compileRoles({ [role]: { format } }).weight ?? compileRoles({ [role]: { format } })[role]!, { key: `l/${role}`, seed: 0 });

describe('LearnedQuantizer', () => {
  it('owns its widths: created at init, clipped by project, rounded up and frozen by roundUp', () => {
    const q = make('weight', 'learned(init=5.5,min=2,max=8,granularity=channel)');
    q.ensure(3);
    expect(q.values()).toEqual([5.5, 5.5, 5.5]);
    expect(q.variables()).toHaveLength(1);
    tf.tidy(() => (q.widths().read() as tf.Variable).assign(tf.tensor1d([1, 9.5, 3.2])));
    q.project();
    expect(q.values()).toEqual([2, 8, Math.fround(3.2)]);
    q.roundUp();
    expect([q.values(), q.frozen, q.variables()]).toEqual([[2, 8, 4], true, []]);
    expect(() => q.ensure(4)).toThrow('LearnedQuantizer(l/weight): widths have shape [3]; the tensor asks for [4]');
    q.dispose();
  });

  it('rounds a weight tensor on the signed grid of its width (n = 2: ±R and 0)', () => {
    const q = make('weight', 'learned(init=2,min=2,max=8)');
    // R = max|x| = 2, one level each side: step 2
    const y = tf.tidy(() => Array.from(q.apply(tf.tensor1d([1.2, -0.2, -2, 0.6]), { training: true }).dataSync()));
    expect(y.map((v) => v + 0)).toEqual([2, 0, -2, 0]);
    q.dispose();
  });

  it('uses the running range at inference, so a prediction does not depend on its batch', () => {
    const q = make('activation', 'learned(init=3,min=2,max=8)');
    tf.tidy(() => q.apply(tf.tensor2d([[0, 4]]), { training: true, nonNegative: true }));
    const small = tf.tidy(() => Array.from(q.apply(tf.tensor2d([[1, 2]]), { training: false, nonNegative: true }).dataSync()));
    const mixed = tf.tidy(() => Array.from(q.apply(tf.tensor2d([[1, 2], [100, 100]]), { training: false, nonNegative: true }).dataSync()));
    expect(mixed.slice(0, 2)).toEqual(small);
    expect(q.stateJSON()).toEqual({ bits: 3, range: 4, frozen: false });
    q.dispose();
  });

  it('saves its state in the layer config: a loaded model holds the widths and predicts the same', async () => {
    const L = { format: 'learned(init=4.2,min=2,max=8,granularity=channel)' };
    const model = tf.sequential({ layers: [new QDense({ name: 'd', units: 3, inputShape: [4], activation: 'relu', precision: { weight: L, activation: L } })] });
    model.apply(tf.ones([2, 4]), { training: true });
    for (const q of (model.layers[0] as QDense).quant.learned()) q.roundUp();
    const dir = join(mkdtempSync(join(tmpdir(), 'lowbit-learned-')), 'm');
    await saveModel(model, dir, { policy: {} });
    const { model: loaded } = await loadModel(dir);
    const learned = (loaded.layers[0] as QDense).quant.learned();
    expect(learned.map((q) => [q.values(), q.frozen])).toEqual([[[5, 5, 5], true], [[5, 5, 5], true]]);
    const x = tf.randomUniform([5, 4], -1, 1, 'float32', 3);
    expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((model.predict(x) as tf.Tensor).dataSync()));
    tf.dispose(x);
    model.dispose();
    loaded.dispose();
  });

  it('rejects what it cannot do, naming the quantizer', () => {
    const q = make('weight');
    expect(() => q.round()).toThrow('LearnedQuantizer(l/weight): a learned width rounds tensors only (weight, bias, activation roles)');
    expect(() => q.restoreState({ bits: 'x' })).toThrow(/^RoleQuantizer\(l\/weight\)\.restoreState: expected \{bits, range\?, frozen\} with numbers/);
    expect(() => q.restoreState({ bits: [3, 4], frozen: true })).toThrow('saved widths [3,4] do not fit granularity tensor');
    q.dispose();
  });
});
