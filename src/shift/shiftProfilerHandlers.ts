import { macGroup, noOps, type LayerEnv, type LayerHandler, type LayerOps } from '../profiler/layerHandler.js';
import type { LayerConfig } from '../profiler/_internal/layerConfig.js';
import { hwc } from '../profiler/layers/spatial.js';
import { convOutputLength } from '../layers/convGeometry.js';

/**
 * Profiler handlers for `ShiftConv2D` and `ShiftAttention2D`, listed in src/profiler/layerRegistry.ts. They follow
 * `shiftLayerCounts` (methods.md §7.1):
 *
 * | layer                     | MACs per example    | params (weight)                      | shift moves (`MoveGroup`) | index table |
 * |---------------------------|---------------------|--------------------------------------|---------------------------|-------------|
 * | ShiftConv2D               | Ho·Wo·C_out·C_in    | C_in·C_out                           | H·W·C_in                  | none (fixed pattern) |
 * | ShiftAttention2D, soft    | Ho·Wo·C_out·k²·C_in | k²·C_in·C_out + k²·C_in·(C_out or 1) | 0                         | none |
 * | ShiftAttention2D, rounded | Ho·Wo·C_out·C_in    | C_in·C_out                           | H·W·C_in·(1 if shared, else k²) | C_in·(C_out or 1) entries of ⌈log₂k²⌉ bits |
 *
 * A shift has no multiplier: each moved value is a `MoveGroup` entry, priced as an SRAM read + write of the input's
 * format over the input tensor (H·W·C_in values). The unshared rounded count k² is an upper bound: the taps in use
 * are not in the layer config (`shiftLayerCounts` takes `distinctTaps`). The shift-index table is read from DRAM
 * with the weights, once per pass that uses it.
 * Training: error propagation (the error is shifted back: the same moves on the input error) and weight gradient as
 * a 1×1 (or k×k, soft) convolution.
 */
function handler(kind: 'shift' | 'sal'): LayerHandler {
  return {
    kind: 'compute',
    stashesInput: true,
    outputShape: (inputs, cfg) => {
      const g = geometry(inputs[0]!, cfg, kind);
      return [g.ho, g.wo, g.cOut];
    },
    params: (inputs, cfg) => {
      const g = geometry(inputs[0]!, cfg, kind);
      const attention = g.soft ? g.taps * g.cIn * g.heads : 0;
      return { weight: g.taps * g.cIn * g.cOut + attention, bias: g.bias ? g.cOut : 0 };
    },
    forward: (env) => ops(env, kind, 'forward'),
    backward: (env) => ops(env, kind, 'backward'),
  };
}

/** `ShiftConv2D`: fixed shift + 1×1 convolution. */
export const shiftConv2dHandler: LayerHandler = handler('shift');
/** `ShiftAttention2D`: k×k before rounding (config `rounded` false), shift + 1×1 after. */
export const shiftAttention2dHandler: LayerHandler = handler('sal');

function ops(env: LayerEnv, kind: 'shift' | 'sal', pass: 'forward' | 'backward'): LayerOps {
  const g = geometry(env.inputShapes[0]!, env.cfg, kind);
  const macs = g.ho * g.wo * g.cOut * g.taps * g.cIn;
  const out = noOps();
  if (pass === 'forward') {
    out.macs.push(macGroup(env, 'forward', 'forward', macs, g.taps * g.cIn, env.inputs[0]!, env.role('weight')));
    if (g.bias) out.adds.push({ pass: 'forward', label: 'bias', count: g.ho * g.wo * g.cOut, operand: env.role('bias') });
    if (g.moves) out.moves = [{ pass: 'forward', label: 'shift', count: g.moves, operand: env.inputs[0]!, bufferElements: g.h * g.w * g.cIn }];
    if (g.indexEntries) out.indexes = [{ label: 'shift index', entries: g.indexEntries, bits: g.indexBits, reads: 1 }];
    return out;
  }
  const err = env.role('error');
  if (!env.fromModelInput) {
    out.macs.push(macGroup(env, 'backward', 'error', macs, g.taps * g.cOut, err, env.role('weight'), { sameChannel: true }));
    if (g.moves) out.moves = [{ pass: 'backward', label: 'shift (error)', count: g.moves, operand: env.inputErrors[0]!, bufferElements: g.h * g.w * g.cIn }];
    if (g.indexEntries) out.indexes = [{ label: 'shift index (error)', entries: g.indexEntries, bits: g.indexBits, reads: 1 }];
  }
  out.macs.push(macGroup(env, 'backward', 'weight gradient', macs, g.ho * g.wo, env.inputs[0]!, err));
  if (g.bias) out.adds.push({ pass: 'backward', label: 'bias gradient', count: g.ho * g.wo * g.cOut, operand: env.role('gradient') });
  return out;
}

function geometry(shape: readonly number[], cfg: LayerConfig, kind: 'shift' | 'sal') {
  const [h, w, cIn] = hwc(shape, cfg);
  const k = cfg.int('kernel_size', 3);
  const [sh, sw] = cfg.pair('strides', [1, 1]);
  const cOut = cfg.int('filters');
  const shared = cfg.bool('shared', false);
  const soft = kind === 'sal' && !cfg.bool('rounded', false);
  const heads = shared ? 1 : cOut;
  const taps = soft ? k * k : 1;
  const moves = soft ? 0 : h * w * cIn * (kind === 'shift' || shared ? 1 : k * k);
  // a shift layer's offsets are fixed by construction; a rounded SAL stores one tap index per kernel
  const indexEntries = kind === 'sal' && !soft ? cIn * heads : 0;
  const indexBits = Math.ceil(Math.log2(k * k));
  return { h, w, cIn, cOut, k, heads, taps, soft, moves, indexEntries, indexBits, ho: convOutputLength(h, k, sh, 'same'), wo: convOutputLength(w, k, sw, 'same'), bias: cfg.bool('use_bias', kind === 'shift') };
}
