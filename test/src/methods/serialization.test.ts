import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { registerLayers } from '../../../src/layers/registerLayers.js';
import { QbpDense } from '../../../src/methods/qbpDense.js';
import { ShiftBatchNorm } from '../../../src/methods/shiftBatchNorm.js';
import { ByteInput } from '../../../src/methods/byteInput.js';

describe('method layers save and load', () => {
  it('ByteInput, QbpDense (qbp range, testWeights) and ShiftBatchNorm round-trip through model.json with their weights', async () => {
    registerLayers();
    const bin = { weight: { format: 'binary', rounding: 'sr', backward: 'identity' } };
    const m = tf.sequential({
      layers: [
        new ByteInput({ name: 'bytes', inputShape: [5], bits: 6 }),
        new QbpDense({ name: 'dense_1', units: 3, useBias: false, precision: bin, seed: 2, qbp: { expMin: -3, expMax: 2 }, testWeights: 'real' }),
        new ShiftBatchNorm({ name: 'bn_1', momentum: 0.5, precision: { activation: { format: 'binary', backward: 'clipped' } } }),
      ],
    });
    let artifacts: tf.io.ModelArtifacts | undefined;
    await m.save(tf.io.withSaveHandler(async (a) => ((artifacts = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
    const back = await tf.loadLayersModel(tf.io.fromMemory(artifacts!));
    const [b0, d1, n1] = back.layers as [ByteInput, QbpDense, ShiftBatchNorm];
    expect(b0).toBeInstanceOf(ByteInput);
    expect(b0.bits).toBe(6);
    expect(d1).toBeInstanceOf(QbpDense);
    expect([d1.expMin, d1.expMax]).toEqual([-3, 2]);
    expect(d1.getConfig()).toMatchObject({ testWeights: 'real' });
    expect(n1).toBeInstanceOf(ShiftBatchNorm);
    expect(n1.momentum).toBe(0.5);
    const x = tf.tensor2d([[0.1, 0.9, 0.5, 0.3, 0.7]]);
    const [a, b] = [m.predict(x) as tf.Tensor, back.predict(x) as tf.Tensor];
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    tf.dispose([x, a, b]);
    m.dispose();
    back.dispose();
  });
});
