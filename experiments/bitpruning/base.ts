import type { BitCostTarget, BitGranularity } from '../../src/bitpruning/index.js';

/** One BitPruning run: a model, a target (or 'float' for the float twin) and λ. */
export interface BitRunSpec {
  model: 'mlp' | 'cnn';
  target: BitCostTarget | 'float';
  lambda: number;
}

/**
 * The BitPruning study's base config (small on purpose: the machine is shared). Bitlengths start at 8 bits, one per
 * (layer, role) ('tensor' granularity), bounded to [2, 16]; learning rate of the bitlengths in bits per Adam step.
 */
export const BIT_BASE = {
  backend: 'wasm' as const,
  seed: 1,
  trainSize: 6000,
  testSize: 5000,
  learnEpochs: 4,
  finetuneEpochs: 2,
  /** Fine-tuning at the rounded bitlengths uses a fresh Adam at lr/10 (test accuracy swings ±2 points per epoch at lr). */
  finetuneLr: 1e-4,
  batchSize: 50,
  lr: 1e-3,
  bitLr: 0.05,
  bitOptimizer: 'adam' as 'adam' | 'sgd',
  initBits: 8,
  minBits: 2,
  maxBits: 16,
  granularity: 'tensor' as BitGranularity,
  lambda: 0.5,
};
