import * as tf from '@tensorflow/tfjs';
import { ShiftAttention2D, ShiftConv2D, shiftLayerCounts, type ShiftLayerCountReport } from '../../src/shift/index.js';

/** Which layer replaces the two inner 3×3 convolutions. */
export type SalVariant = 'conv' | 'shift' | 'sal' | 'salShared';

/** The variants, in table order. */
export const SAL_VARIANTS: readonly SalVariant[] = ['conv', 'shift', 'sal', 'salShared'];

/** Geometry of the small CNN: filters of the standard first conv and of the two replaceable layers. */
export interface SalNetSpec {
  variant: SalVariant;
  filters: [number, number, number];
  /** τ schedule of the SAL variants (iterations = steps per epoch · epochs). */
  tau0: number;
  tauFinal: number;
  totalIters: number;
  seed: number;
}

/**
 * The study's CNN on 28×28×1 images (Fashion-MNIST): conv3×3(f1)+ReLU → maxpool2 → X(f2)+ReLU → maxpool2 →
 * X(f3)+ReLU → maxpool2 → flatten → dense(10) logits, where X is a 3×3 convolution, a shift layer
 * (`ShiftConv2D`), an unshared SAL or a shared SAL. As in the SAL paper, the first convolution stays a standard one.
 */
export function salNet(spec: SalNetSpec): tf.Sequential {
  const [f1, f2, f3] = spec.filters;
  const m = tf.sequential();
  m.add(tf.layers.conv2d({ name: 'conv1', filters: f1, kernelSize: 3, padding: 'same', activation: 'relu', inputShape: [28, 28, 1],
    kernelInitializer: tf.initializers.glorotUniform({ seed: spec.seed }) }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  const inner = (name: string, filters: number, seed: number): tf.layers.Layer => {
    switch (spec.variant) {
      case 'conv': return tf.layers.conv2d({ name, filters, kernelSize: 3, padding: 'same', kernelInitializer: tf.initializers.glorotUniform({ seed }) });
      case 'shift': return new ShiftConv2D({ name, filters, seed });
      case 'sal':
      case 'salShared': return new ShiftAttention2D({
        name, filters, seed, useBias: true, shared: spec.variant === 'salShared', tau0: spec.tau0, tauFinal: spec.tauFinal, totalIters: spec.totalIters,
      });
    }
  };
  m.add(inner('x2', f2, spec.seed + 10));
  m.add(tf.layers.reLU());
  m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  m.add(inner('x3', f3, spec.seed + 20));
  m.add(tf.layers.reLU());
  m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ name: 'logits', units: 10, kernelInitializer: tf.initializers.glorotUniform({ seed: spec.seed + 30 }) }));
  return m;
}

/** Inference counts of the whole net: float parameters (+ shift-index bits as 32-bit equivalents), MACs, shift moves. */
export interface SalNetCounts {
  params32: number;
  indexBits: number;
  macs: number;
  shiftMoves: number;
  layers: Record<string, ShiftLayerCountReport>;
}

/**
 * Counts the net with `shiftLayerCounts` (methods.md §7.1). `phase` 'training' counts a SAL as during training
 * (k² MACs, W and M); 'inference' counts it rounded (1×1 MACs, 4-bit index per kernel). `distinctTaps` gives, per
 * unshared SAL, how many taps its rounded kernels use.
 */
export function salNetCounts(spec: SalNetSpec, phase: 'training' | 'inference', distinctTaps: Record<string, number> = {}): SalNetCounts {
  const [f1, f2, f3] = spec.filters;
  const kind = spec.variant === 'conv' ? 'conv' : spec.variant === 'shift' ? 'shift' : phase === 'training' ? 'salTraining' : 'salRounded';
  const shared = spec.variant === 'salShared';
  const layers: Record<string, ShiftLayerCountReport> = {
    conv1: shiftLayerCounts({ kind: 'conv', cIn: 1, cOut: f1, k: 3, hIn: 28, wIn: 28, hOut: 28, wOut: 28, useBias: true }),
    x2: shiftLayerCounts({ kind, cIn: f1, cOut: f2, k: 3, hIn: 14, wIn: 14, hOut: 14, wOut: 14, useBias: true, shared, distinctTaps: distinctTaps.x2 }),
    x3: shiftLayerCounts({ kind, cIn: f2, cOut: f3, k: 3, hIn: 7, wIn: 7, hOut: 7, wOut: 7, useBias: true, shared, distinctTaps: distinctTaps.x3 }),
  };
  const dense = 3 * 3 * f3 * 10;
  const sum = (k: keyof ShiftLayerCountReport) => Object.values(layers).reduce((s, l) => s + l[k], 0);
  return { params32: sum('params32') + dense + 10, indexBits: sum('indexBits'), macs: sum('macs') + dense, shiftMoves: sum('shiftMoves'), layers };
}
