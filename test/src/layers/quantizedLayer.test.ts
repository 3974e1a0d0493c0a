import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { QuantizedLayer, isQuantizedLayer, type QuantizedLayerConfig } from '../../../src/layers/quantizedLayer.js';
import { LOWBIT_LAYERS, registerLayers, registerLowbitLayer } from '../../../src/layers/registerLayers.js';
import { SUPPORTED_LAYER_CLASSES, registerLayerHandler, unknownLayerClasses } from '../../../src/profiler/layerRegistry.js';
import { batchNormHandler } from '../../../src/profiler/layers/batchNorm.js';
import { denseHandler } from '../../../src/profiler/layers/dense.js';
import { profileModel } from '../../../src/profiler/profileModel.js';
import { modelCost } from '../../../src/profiler/modelCost.js';
import { readModelFile } from '../../../src/profiler/readModelFile.js';
import { saveModel } from '../../../src/io/saveLoad.js';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../cli/_run.js';
import { applyPolicy } from '../../../src/policy/applyPolicy.js';
import { fit } from '../../../src/training/fit.js';
import { createOptimizer } from '../../../src/optimizers/createOptimizer.js';
import { QDense } from '../../../src/layers/qDense.js';
import { LearnedQuantizer } from '../../../src/quantizers/learnedQuantizer.js';
import { blobs } from '../training/_blobs.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The example of docs/training.md, "Adding a quantized layer type": y = Q_act(x ⊙ Q_w(γ)). */
class QScale extends QuantizedLayer {
  static className = 'QScale';
  private gamma: tf.LayerVariable | null = null;
  constructor(config: QuantizedLayerConfig = {}) {
    super(config);
  }
  protected buildParams(shape: tf.Shape): void {
    this.gamma = this.addParam('gamma', [shape[shape.length - 1]!], tf.initializers.ones(), { role: 'weight' });
  }
  protected forward(x: tf.Tensor, training: boolean): tf.Tensor {
    return this.finish(tf.mul(x, this.use(this.gamma!, training)), training);
  }
  protected layerConfig(): Record<string, unknown> {
    return { center: false }; // read by batchNormHandler: a scale with no β
  }
}

const net = () => tf.sequential({ layers: [new QScale({ name: 'scale', inputShape: [20] }), new QDense({ name: 'output', units: 10 })] });

describe('QuantizedLayer: a new layer type is its class (docs example)', () => {
  it('takes the policy, trains through fit with every optimizer role, and saves its roles and state', async () => {
    const model = net();
    applyPolicy(model, { default: { weight: { format: 'fixed(w=6,f=4)' }, activation: { format: 'fixed(w=8,f=4)' }, update: { format: 'dfixed(w=12)' } } }, { seed: 1 });
    const scale = model.getLayer('scale') as QScale;
    expect(isQuantizedLayer(scale)).toBe(true);
    expect(scale.quantizedParams().map((p) => p.name)).toEqual(['gamma']);
    const r = await fit(model, blobs(100, 50), { epochs: 2, batchSize: 25, seed: 1, optimizer: createOptimizer({ type: 'sgd', lr: 0.1 }) });
    expect(r.status).toBe('ok');
    // the stored γ is on the update role's DFXP grid; the output on the activation role's grid
    const y = tf.tidy(() => Array.from((scale.apply(tf.ones([1, 20])) as tf.Tensor).dataSync()));
    expect(y.every((v) => Number.isInteger(v * 16))).toBe(true);
    const cfg = scale.getConfig() as { precision: unknown; quantState: Record<string, unknown> };
    expect(Object.keys(cfg.precision as object)).toEqual(['weight', 'activation', 'update']);
    expect(Object.keys(cfg.quantState)).toEqual(['update:gamma']);
    registerLayers();
    tf.serialization.registerClass(QScale);
    const copy = await tf.models.modelFromJSON({ modelTopology: model.toJSON(null, false) } as tf.io.ModelJSON);
    copy.setWeights(model.getWeights());
    const x = tf.randomUniform([3, 20], 0, 1, 'float32', 4);
    expect(Array.from((copy.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((model.predict(x) as tf.Tensor).dataSync()));
    tf.dispose([x]);
    model.dispose();
    copy.dispose();
  });

  it('gets learned widths from a learned(...) role, created when the layer is built', () => {
    const model = net();
    applyPolicy(model, { default: { weight: { format: 'learned(init=5,granularity=channel)' } } });
    const q = (model.getLayer('scale') as QScale).quant.quantizer('weight');
    expect(q).toBeInstanceOf(LearnedQuantizer);
    expect((q as LearnedQuantizer).values()).toEqual(Array(20).fill(5));
    model.dispose();
  });

  it('every lowbit layer type is one LOWBIT_LAYERS line: registered for loading and priced by the profiler', () => {
    for (const { layer } of LOWBIT_LAYERS) expect(SUPPORTED_LAYER_CLASSES).toContain(layer.className);
  });

  it('regression: the docs example\'s LOWBIT_LAYERS line priced nothing (the profiler read only its own table); one line now registers the class and its cost', async () => {
    const model = net();
    applyPolicy(model, { default: { weight: { format: 'fixed(w=6,f=4)' }, activation: { format: 'fixed(w=8,f=4)' } } }, { seed: 1 });
    expect(unknownLayerClasses(model)).toEqual(['QScale']);
    expect(() => profileModel(model)).toThrow(/layer 'scale' has class 'QScale', which the profiler does not model/);
    // lowbit cost on a saved model of a class lowbit does not list: it loads the layer registry, then fails as one usage line
    const dir = join(mkdtempSync(join(tmpdir(), 'lowbit-qscale-')), 'model');
    await saveModel(model, dir, { policy: {} });
    const cli = runCli(['cost', '--model', join(dir, 'model.json')]);
    expect([cli.code, cli.stderr.trim().split('\n')]).toEqual([2, [expect.stringMatching(/^lowbit: --model: .*class 'QScale', which the profiler does not model/)]]);
    // Act: the docs' line 2 (`{ layer: QScale, cost: batchNormHandler }`)
    registerLowbitLayer({ layer: QScale, cost: batchNormHandler });
    registerLowbitLayer({ layer: QScale, cost: batchNormHandler }); // idempotent
    // Assert: priced at the formats the layer holds (20 γ at 6 bits, 20 outputs at 8), live and from the saved file
    expect(unknownLayerClasses(model)).toEqual([]);
    expect(SUPPORTED_LAYER_CLASSES).toContain('QScale');
    expect(profileModel(model).layers.find((l) => l.name === 'scale')!.params).toBe(20);
    const layer = modelCost(model).layers.find((l) => l.name === 'scale')!;
    expect([layer.params, layer.weightBits, layer.activationBits]).toEqual([20, 20 * 6, 20 * 8]);
    const file = readModelFile(join(dir, 'model.json'));
    for (const phase of ['inference', 'training'] as const) expect(modelCost(file, { phase }).totals).toEqual(modelCost(model, { phase }).totals);
    expect(() => registerLayerHandler('QScale', denseHandler)).toThrow('layer registry: class QScale already has a cost handler');
    expect(() => registerLayerHandler('Dense', batchNormHandler)).toThrow('layer registry: class Dense already has a cost handler');
    expect(readFileSync(new URL('../../../docs/training.md', import.meta.url), 'utf8')).toContain('{ layer: QScale, cost: batchNormHandler },');
    model.dispose();
  });
});
