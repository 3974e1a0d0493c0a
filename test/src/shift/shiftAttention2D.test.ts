import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { ShiftAttention2D, advanceSalLayers, roundSalLayers } from '../../../src/shift/shiftAttention2D.js';
import { registerLayers } from '../../../src/layers/registerLayers.js';
import { seeded, relError } from '../backend/_compare.js';
import { attentionOracle, oneHotConv } from './_oracles.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerLayers();
});

function salModel(config: Partial<ConstructorParameters<typeof ShiftAttention2D>[0]> = {}, input = [5, 6, 3]): tf.LayersModel {
  const m = tf.sequential();
  m.add(new ShiftAttention2D({ filters: 4, totalIters: 10, inputShape: input, seed: 11, ...config }));
  return m;
}

/** K = W ⊙ A with A from the float64 oracle, [k, k, cin, cout] row-major. */
function oracleKernel(layer: ShiftAttention2D, tau: number): Float32Array {
  const [w, m] = layer.getWeights().map((t) => t.dataSync());
  const [k, , cin, cout] = layer.getWeights()[0]!.shape;
  const heads = layer.shared ? 1 : cout!;
  const out = new Float32Array(w!.length);
  for (let i = 0; i < cin!; i++) for (let o = 0; o < cout!; o++) {
    const h = layer.shared ? 0 : o;
    const a = attentionOracle(m!.subarray((i * heads + h) * k! * k!, (i * heads + h + 1) * k! * k!), tau);
    for (let t = 0; t < k! * k!; t++) {
      const at = (t * cin! + i) * cout! + o;
      out[at] = w![at]! * a[t]!;
    }
  }
  return out;
}

describe('ShiftAttention2D', () => {
  for (const shared of [false, true]) {
    for (const stride of [1, 2]) {
      it(`forward = conv(x, W ⊙ A) with A from an oracle (shared ${shared}, stride ${stride})`, () => {
        const model = salModel({ shared, strides: stride, tau0: 2, tauFinal: 8 });
        const layer = model.layers[0] as ShiftAttention2D;
        for (let i = 0; i < 3; i++) advanceSalLayers(model);
        const tau = 2 * Math.pow(4, 3 / 10);
        expect(layer.tau()).toBeCloseTo(tau, 5);
        const x = tf.tensor4d(seeded(2 * 5 * 6 * 3, 4), [2, 5, 6, 3]);
        const y = model.predict(x) as tf.Tensor;
        const want = tf.conv2d(x, tf.tensor4d(oracleKernel(layer, tau), [3, 3, 3, 4]), stride, 1);
        expect(y.shape).toEqual(want.shape);
        expect(y.shape).toEqual([2, Math.ceil(5 / stride), Math.ceil(6 / stride), 4]);
        expect(relError(want.dataSync(), y.dataSync())).toBeLessThan(1e-5);
        tf.dispose([x, y, want]);
      });

      it(`after rounding: one-hot argmax taps, equal to a direct conv with one-hot kernels (shared ${shared}, stride ${stride})`, () => {
        const model = salModel({ shared, strides: stride, tau0: 2, tauFinal: 8 });
        const layer = model.layers[0] as ShiftAttention2D;
        const m = layer.getWeights()[1]!.dataSync();
        const heads = shared ? 1 : 4;
        const argmax = Array.from({ length: 3 }, (_, i) => Array.from({ length: heads }, (_, h) => {
          const row = Array.from(m.subarray((i * heads + h) * 9, (i * heads + h + 1) * 9));
          return row.indexOf(Math.max(...row));
        }));
        const reports = roundSalLayers(model);
        expect(reports[layer.name]!.kernels).toBe(3 * heads);
        expect(layer.rounded).toBe(true);
        expect(layer.shiftTaps()).toEqual(argmax);
        const x = tf.tensor4d(seeded(2 * 5 * 6 * 3, 5), [2, 5, 6, 3]);
        const y = model.predict(x) as tf.Tensor;
        const w = layer.getWeights()[0] as tf.Tensor4D;
        const want = oneHotConv(x, w, argmax, [stride, stride]);
        expect(relError(want.dataSync(), y.dataSync())).toBeLessThan(1e-6);
        const eff = layer.effectiveKernel();
        const viaConv = tf.conv2d(x, eff, stride, 1);
        expect(relError(viaConv.dataSync(), y.dataSync())).toBeLessThan(1e-6);
        tf.dispose([x, y, want, eff, viaConv]);
      });
    }
  }

  it('at a large τ the soft and the rounded layer agree', () => {
    const model = salModel({ tau0: 5000, tauFinal: 5000 });
    const x = tf.tensor4d(seeded(2 * 5 * 6 * 3, 6), [2, 5, 6, 3]);
    const soft = model.predict(x) as tf.Tensor;
    const report = roundSalLayers(model)[model.layers[0]!.name]!;
    const hard = model.predict(x) as tf.Tensor;
    expect(report.minMaxAttention).toBeGreaterThan(0.9);
    expect(relError(soft.dataSync(), hard.dataSync())).toBeLessThan(0.05);
    tf.dispose([x, soft, hard]);
  });

  it('gradients reach W and M; dL/dM matches central differences (float64 oracle)', () => {
    const model = salModel({ tau0: 1, tauFinal: 1 });
    const layer = model.layers[0] as ShiftAttention2D;
    const x = tf.tensor4d(seeded(1 * 5 * 6 * 3, 7), [1, 5, 6, 3]);
    const g = tf.tensor4d(seeded(1 * 5 * 6 * 4, 8), [1, 5, 6, 4]);
    const [kernelVar, attVar] = layer.trainableWeights.map((v) => (v as unknown as { val: tf.Variable }).val);
    const loss = () => tf.sum(tf.mul(model.apply(x, { training: true }) as tf.Tensor, g)) as tf.Scalar;
    const { grads } = tf.variableGrads(loss, [kernelVar!, attVar!]);
    const dM = grads[attVar!.name]!.dataSync();
    expect(Array.from(grads[kernelVar!.name]!.dataSync()).some((v) => v !== 0)).toBe(true);
    // Central differences of the oracle loss in float64 for a few logits.
    const xs = x.dataSync();
    const gs = g.dataSync();
    const w0 = layer.getWeights()[0]!;
    const m0 = Float64Array.from(layer.getWeights()[1]!.dataSync());
    const lossAt = (mv: Float64Array) => tf.tidy(() => {
      const saved = layer.getWeights();
      layer.setWeights([w0, tf.tensor3d(Float32Array.from(mv), [3, 4, 9]), ...saved.slice(2)]);
      const y = tf.conv2d(tf.tensor4d(xs, [1, 5, 6, 3]), tf.tensor4d(oracleKernel(layer, 1), [3, 3, 3, 4]), 1, 1);
      layer.setWeights(saved);
      return tf.sum(tf.mul(y, tf.tensor4d(gs, [1, 5, 6, 4]))).dataSync()[0]!;
    });
    for (const idx of [0, 13, 57, 100]) {
      const h = 1e-2;
      const up = Float64Array.from(m0); up[idx]! += h;
      const dn = Float64Array.from(m0); dn[idx]! -= h;
      const fd = (lossAt(up) - lossAt(dn)) / (2 * h);
      expect(Math.abs(dM[idx]! - fd)).toBeLessThan(0.02 * Math.max(1, Math.abs(fd)));
    }
    tf.dispose([x, g, ...Object.values(grads)]);
  });

  it('round-trips through JSON with its weights, soft and rounded', async () => {
    for (const round of [false, true]) {
      const model = salModel({ shared: round });
      advanceSalLayers(model);
      if (round) roundSalLayers(model);
      const json = model.toJSON(undefined, false) as unknown as object;
      const copy = await tf.models.modelFromJSON(json as tf.io.ModelJSON['modelTopology'] as never);
      copy.setWeights(model.getWeights());
      const x = tf.tensor4d(seeded(1 * 5 * 6 * 3, 9), [1, 5, 6, 3]);
      const a = model.predict(x) as tf.Tensor;
      const b = copy.predict(x) as tf.Tensor;
      expect((copy.layers[0] as ShiftAttention2D).rounded).toBe(round);
      expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
      tf.dispose([x, a, b]);
      model.dispose();
      copy.dispose();
    }
  });

  it('leaks no tensor: predict, gradient, advance and round', () => {
    const model = salModel();
    const x = tf.tensor4d(seeded(1 * 5 * 6 * 3, 10), [1, 5, 6, 3]);
    const vars = model.trainableWeights.map((v) => (v as unknown as { val: tf.Variable }).val);
    const before = tf.memory().numTensors;
    (model.predict(x) as tf.Tensor).dispose();
    const { value, grads } = tf.variableGrads(() => tf.sum(model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, vars);
    tf.dispose([value, ...Object.values(grads)]);
    advanceSalLayers(model);
    roundSalLayers(model);
    (model.predict(x) as tf.Tensor).dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('rejects bad input', () => {
    expect(() => new ShiftAttention2D({ filters: 0, totalIters: 1 })).toThrow(new RangeError('ShiftAttention2D: filters must be an integer ≥ 1; got 0'));
    expect(() => new ShiftAttention2D({ filters: 2, kernelSize: 4, totalIters: 1 })).toThrow(new RangeError('ShiftAttention2D: kernelSize must be an odd integer ≥ 3; got 4'));
    expect(() => new ShiftAttention2D({ filters: 2, totalIters: 0 })).toThrow(new RangeError('ShiftAttention2D: totalIters must be an integer ≥ 1; got 0'));
    expect(() => new ShiftAttention2D({ filters: 2, totalIters: 5, tau0: -1 })).toThrow(new RangeError('ShiftAttention2D: tau0 must be a positive finite number; got -1'));
    const model = salModel();
    const layer = model.layers[0] as ShiftAttention2D;
    expect(() => layer.shiftTaps()).toThrow(`ShiftAttention2D '${layer.name}': shiftTaps needs roundAttention() first`);
    layer.roundAttention();
    expect(() => layer.roundAttention()).toThrow(`ShiftAttention2D '${layer.name}': roundAttention was already called`);
  });
});
