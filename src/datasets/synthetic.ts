import type { Rng } from '../../simulators/random/rng.js';
import { seededRng } from './_internal/seededRng.js';
import { IMAGE_SIDE, NUM_CLASSES, PIXELS, type Dataset, type ResolvedDatasetSpec, type Split } from './dataset.js';

/** Bumps per class prototype, their centre range (pixels), their width range, the noise σ and the max shift. */
const BUMPS = 3;
const CENTRE = [6, 21] as const;
const SIGMA = [1.5, 3.5] as const;
const NOISE_SIGMA = 0.2;
const MAX_SHIFT = 2;

const between = (rng: Rng, [lo, hi]: readonly [number, number]): number => lo + (hi - lo) * rng.uniform();

/** One standard normal draw (Box–Muller; the 1 − u keeps log away from 0). */
function normal(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.uniform())) * Math.cos(2 * Math.PI * rng.uniform());
}

/** Ten 28×28 prototypes, each the clipped sum of three random Gaussian bumps. */
function prototypes(rng: Rng): Float32Array[] {
  return Array.from({ length: NUM_CLASSES }, () => {
    const p = new Float32Array(PIXELS);
    for (let k = 0; k < BUMPS; k++) {
      const cy = between(rng, CENTRE);
      const cx = between(rng, CENTRE);
      const s2 = 2 * between(rng, SIGMA) ** 2;
      for (let r = 0; r < IMAGE_SIDE; r++) {
        for (let c = 0; c < IMAGE_SIDE; c++) p[r * IMAGE_SIDE + c]! += Math.exp(-((r - cy) ** 2 + (c - cx) ** 2) / s2);
      }
    }
    return p.map((v) => Math.min(1, v));
  });
}

/** n examples: label uniform in 0..9; pixel = clip(a·proto shifted by (dy, dx) + N(0, 0.2²), 0, 1). */
function sample(protos: Float32Array[], n: number, rng: Rng): Split {
  const x = new Float32Array(n * PIXELS);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const label = Math.min(NUM_CLASSES - 1, Math.floor(rng.uniform() * NUM_CLASSES));
    const a = 0.6 + 0.4 * rng.uniform();
    const dy = Math.floor(rng.uniform() * (2 * MAX_SHIFT + 1)) - MAX_SHIFT;
    const dx = Math.floor(rng.uniform() * (2 * MAX_SHIFT + 1)) - MAX_SHIFT;
    const proto = protos[label]!;
    y[i] = label;
    for (let r = 0; r < IMAGE_SIDE; r++) {
      for (let c = 0; c < IMAGE_SIDE; c++) {
        const sr = r - dy;
        const sc = c - dx;
        const base = sr >= 0 && sr < IMAGE_SIDE && sc >= 0 && sc < IMAGE_SIDE ? a * proto[sr * IMAGE_SIDE + sc]! : 0;
        x[i * PIXELS + r * IMAGE_SIDE + c] = Math.min(1, Math.max(0, base + NOISE_SIGMA * normal(rng)));
      }
    }
  }
  return { x, y, n };
}

/**
 * A seeded, learnable stand-in for MNIST: 10 classes, each a prototype of three Gaussian bumps; an example
 * is its class prototype scaled by a ∈ [0.6, 1], shifted by up to ±2 pixels, plus Gaussian noise σ = 0.2,
 * clipped to [0, 1]. Train and test draw from separate streams derived from `seed`, so changing `testSize`
 * never changes the training set. Not modelled: any resemblance to real digits (use it for tests and smoke runs).
 */
export function loadSynthetic(spec: ResolvedDatasetSpec): Dataset {
  const rng = seededRng(spec.seed);
  const protos = prototypes(rng);
  const trainSeed = rng.uint32();
  const testSeed = rng.uint32();
  return {
    name: 'synthetic', source: 'generated', spec,
    train: sample(protos, spec.trainSize, seededRng(trainSeed)),
    test: sample(protos, spec.testSize, seededRng(testSeed)),
    inputShape: [28, 28, 1], numClasses: 10,
  };
}
