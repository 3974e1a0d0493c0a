import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../simulators/index.js';
import { advanceSalLayers, roundSalLayers, type SalRoundReport } from '../../src/shift/index.js';
import { logitsAccuracy, type TensorSplit } from '../../src/bitpruning/index.js';

/** Options of `trainSal`. */
export interface TrainSalOptions {
  epochs: number;
  batchSize: number;
  lr: number;
  seed: number;
  onEpoch?: (epoch: number, loss: number, testAccuracy: number) => void;
}

/** What `trainSal` measured. */
export interface TrainSalReport {
  history: Array<{ epoch: number; loss: number; testAccuracy: number }>;
  /** Test accuracy at the end of training (soft attention for SAL). */
  accuracy: number;
  /** SAL only: test accuracy after `roundSalLayers`, and the rounding reports. */
  accuracyRounded?: number;
  rounding?: Record<string, SalRoundReport>;
  /** The taps each rounded unshared SAL uses (distinct count). */
  distinctTaps?: Record<string, number>;
  steps: number;
}

/**
 * Adam on softmax cross-entropy with seeded shuffling; after every step, τ of every SAL advances one iteration
 * (official schedule). At the end, SALs are rounded to one-hot and the net is tested again.
 */
export async function trainSal(model: tf.LayersModel, train: TensorSplit, test: TensorSplit, o: TrainSalOptions): Promise<TrainSalReport> {
  const opt = tf.train.adam(o.lr);
  const vars = model.trainableWeights.map((v) => v.read() as tf.Variable);
  const rng = new Rng(o.seed);
  const n = train.y.shape[0];
  const history: TrainSalReport['history'] = [];
  let steps = 0;
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    const perm = Int32Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rng.uniform() * (i + 1));
      [perm[i], perm[j]] = [perm[j]!, perm[i]!];
    }
    let lossSum = 0;
    let batches = 0;
    for (let s = 0; s < n; s += o.batchSize) {
      const loss = tf.tidy(() => {
        const idx = tf.tensor1d(perm.subarray(s, Math.min(n, s + o.batchSize)), 'int32');
        const x = tf.gather(train.x, idx);
        const y = tf.oneHot(tf.gather(train.y, idx), 10);
        const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, vars);
        opt.applyGradients(Object.entries(grads).map(([name, tensor]) => ({ name, tensor })));
        return value.dataSync()[0]!;
      });
      advanceSalLayers(model);
      lossSum += loss;
      batches++;
      steps++;
    }
    const acc = logitsAccuracy(model, test, 500);
    history.push({ epoch, loss: lossSum / batches, testAccuracy: acc });
    o.onEpoch?.(epoch, lossSum / batches, acc);
  }
  opt.dispose();
  const accuracy = history[history.length - 1]!.testAccuracy;
  const rounding = roundSalLayers(model);
  if (Object.keys(rounding).length === 0) return { history, accuracy, steps };
  const distinctTaps: Record<string, number> = {};
  for (const l of model.layers) {
    const taps = (l as { shiftTaps?: () => number[][] }).shiftTaps?.();
    if (taps) distinctTaps[l.name] = new Set(taps.flat()).size;
  }
  return { history, accuracy, accuracyRounded: logitsAccuracy(model, test, 500), rounding, distinctTaps, steps };
}
