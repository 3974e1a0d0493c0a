import { Rng } from '../../../simulators/random/rng.js';
import type { DataSplit, TrainData } from '../../../src/training/trainData.js';

/** A tiny separable task: 10 classes in 20 dimensions (class c lights feature c), seeded noise. */
export function blobs(trainN = 300, testN = 100, seed = 1): TrainData {
  const make = (n: number, s: number): DataSplit => {
    const r = new Rng(s);
    const x = new Float32Array(n * 20);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const c = i % 10;
      y[i] = c;
      for (let d = 0; d < 20; d++) x[i * 20 + d] = (d === c ? 1 : 0) + (d === c + 10 ? 0.5 : 0) + 0.4 * (r.uniform() - 0.5);
    }
    return { x, y, n };
  };
  return { train: make(trainN, seed), test: make(testN, seed + 1000), inputShape: [20], numClasses: 10 };
}
