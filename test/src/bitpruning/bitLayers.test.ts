import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { BitConv2D, BitDense, attachBitlengthBank } from '../../../src/bitpruning/bitLayers.js';
import { registerBitLayers } from '../../../src/bitpruning/registerBitLayers.js';
import { BitlengthBank, type BitGranularity } from '../../../src/bitpruning/bitlengthBank.js';
import { learnedBitQuantize } from '../../../src/bitpruning/learnedBitQuantize.js';
import { seeded, relError } from '../backend/_compare.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerBitLayers();
});

function cnn(bank: BitlengthBank, granularity: BitGranularity): tf.Sequential {
  const m = tf.sequential();
  m.add(new BitConv2D({ name: 'c1', filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', bank, granularity, inputShape: [6, 6, 2] }));
  m.add(tf.layers.flatten());
  m.add(new BitDense({ name: 'd1', units: 3, bank, granularity, seed: 2, quantizeOutput: granularity !== 'tensor' }));
  return m;
}

describe('BitDense / BitConv2D', () => {
  it('forward = Q_{n_a}(act(layer(x, Q_{n_w}(W)))) with the bank’s bitlengths', () => {
    const bank = new BitlengthBank({ initBits: 3 });
    const m = cnn(bank, 'channel');
    bank.setValues({ 'c1/weight': [2.5, 3, 4.25, 5], 'c1/activation': [3.5, 2, 6, 1.5], 'd1/weight': [2, 3, 4], 'd1/activation': [4.5, 5, 7.75] });
    const x = tf.tensor4d(seeded(2 * 6 * 6 * 2, 1, 0, 1), [2, 6, 6, 2]);
    const y = m.predict(x) as tf.Tensor;
    const want = tf.tidy(() => {
      const [k1, b1, k2, b2] = m.getWeights();
      const conv = tf.add(tf.conv2d(x, learnedBitQuantize(k1!, bank.get('c1/weight'), { signed: true }) as tf.Tensor4D, 1, 'same'), b1!);
      const h = learnedBitQuantize(tf.relu(conv), bank.get('c1/activation'), { signed: false });
      const z = tf.add(tf.matMul(tf.reshape(h, [2, -1]) as tf.Tensor2D, learnedBitQuantize(k2!, bank.get('d1/weight'), { signed: true }) as tf.Tensor2D), b2!);
      return learnedBitQuantize(z, bank.get('d1/activation'), { signed: true });
    });
    expect(relError(want.dataSync(), y.dataSync())).toBeLessThan(1e-6);
    tf.dispose([x, y, want]);
    bank.dispose();
  });

  it('keeps a running activation range in training and quantizes with it at inference', () => {
    const bank = new BitlengthBank({ initBits: 3 });
    const m = tf.sequential();
    m.add(new BitDense({ name: 'd', units: 2, activation: 'relu', bank, inputShape: [3], seed: 4 }));
    const rangeOf = () => m.getWeights()[2]!.dataSync()[0]!;
    expect(m.getWeights().map((w) => w.shape)).toEqual([[3, 2], [2], []]);
    const a = tf.tensor2d(seeded(12, 5, 0, 1), [4, 3]);
    const b = tf.tensor2d(seeded(12, 6, 0, 3), [4, 3]);
    const maxOut = (x: tf.Tensor) => tf.tidy(() => tf.max(tf.relu(tf.add(tf.matMul(x, m.getWeights()[0]!), m.getWeights()[1]!))).dataSync()[0]!);
    tf.tidy(() => m.apply(a, { training: true }) as tf.Tensor);
    expect(rangeOf()).toBeCloseTo(maxOut(a), 5);
    tf.tidy(() => m.apply(b, { training: true }) as tf.Tensor);
    expect(rangeOf()).toBeCloseTo(0.9 * maxOut(a) + 0.1 * maxOut(b), 5);
    // inference: Q over the running range, not over the batch's own max
    const got = tf.tidy(() => Array.from((m.apply(b) as tf.Tensor).dataSync()));
    const want = tf.tidy(() => {
      const y = tf.relu(tf.add(tf.matMul(b, learnedBitQuantize(m.getWeights()[0]!, bank.get('d/weight'), { signed: true })), m.getWeights()[1]!));
      return Array.from(learnedBitQuantize(y, bank.get('d/activation'), { signed: false, range: tf.scalar(rangeOf()) }).dataSync());
    });
    expect(got).toEqual(want);
    tf.dispose([a, b]);
    bank.dispose();
  });

  it('creates its groups by granularity', () => {
    const names = (g: BitGranularity) => {
      const bank = new BitlengthBank();
      const m = cnn(bank, g);
      const out = bank.names().map((n) => `${n}:[${bank.get(n).shape.join(',')}]`);
      expect((m.layers[0] as BitConv2D).channels).toBe(4);
      bank.dispose();
      return out;
    };
    expect(names('tensor')).toEqual(['c1/weight:[]', 'c1/activation:[]', 'd1/weight:[]']);
    expect(names('layer')).toEqual(['c1:[]', 'd1:[]']);
    expect(names('channel')).toEqual(['c1/weight:[4]', 'c1/activation:[4]', 'd1/weight:[3]', 'd1/activation:[3]']);
    expect(names('role')).toEqual(['weight:[]', 'activation:[]']);
  });

  it('round-trips through JSON; a reloaded model needs a bank attached', async () => {
    const bank = new BitlengthBank({ initBits: 5 });
    const m = cnn(bank, 'tensor');
    const copy = await tf.models.modelFromJSON(m.toJSON(undefined, false) as never);
    copy.setWeights(m.getWeights());
    const x = tf.tensor4d(seeded(72, 2, 0, 1), [1, 6, 6, 2]);
    expect(() => copy.predict(x)).toThrow("BitConv2D 'c1': no BitlengthBank attached; pass { bank } or call attachBitlengthBank(model, bank)");
    expect(attachBitlengthBank(copy, bank)).toBe(2);
    const a = m.predict(x) as tf.Tensor;
    const b = copy.predict(x) as tf.Tensor;
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    tf.dispose([x, a, b]);
    bank.dispose();
  });

  it('leaks no tensor in a forward and backward pass', () => {
    const bank = new BitlengthBank();
    const m = cnn(bank, 'channel');
    const x = tf.tensor4d(seeded(72, 3, 0, 1), [1, 6, 6, 2]);
    const vars = [...m.trainableWeights.map((v) => v.read() as tf.Variable), ...bank.variables()];
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(() => tf.sum(m.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, vars);
    expect(Object.keys(grads)).toHaveLength(vars.length);
    tf.dispose([value, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    bank.dispose();
  });

  it('rejects bad input', () => {
    expect(() => new BitDense({ units: 0 })).toThrow(new RangeError('BitDense: units must be an integer ≥ 1; got 0'));
    expect(() => new BitConv2D({ filters: 2, kernelSize: 3, strides: 0 })).toThrow(new RangeError('BitConv2D: strides must be an integer ≥ 1; got 0'));
    expect(() => new BitConv2D({ filters: 2, kernelSize: 3, padding: 'full' as 'same' })).toThrow(new RangeError('BitConv2D: padding must be \'same\' or \'valid\'; got "full"'));
    expect(() => new BitDense({ units: 2, granularity: 'row' as BitGranularity })).toThrow(
      new RangeError('BitDense: granularity must be one of tensor, layer, channel, role; got "row"'));
    expect(() => new BitDense({ units: 2, activation: 'tanh' as 'relu' })).toThrow(new RangeError('BitDense: activation must be \'relu\' or \'linear\'; got "tanh"'));
    expect(() => new BitDense({ units: 2, seed: -1 })).toThrow(new RangeError('BitDense: seed must be an integer ≥ 0; got -1'));
  });
});
