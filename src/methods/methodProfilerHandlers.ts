import type { Operand } from '../../cost-models/opTrace.js';
import { toOperandFormat } from '../../cost-models/operandFormat.js';
import { macGroup, mergeOps, mulGroup, noOps, sizeOf, type LayerEnv, type LayerHandler } from '../profiler/layerHandler.js';
import type { LayerConfig } from '../profiler/_internal/layerConfig.js';
import { denseHandler } from '../profiler/layers/dense.js';
import { batchNormHandler } from '../profiler/layers/batchNorm.js';
import { activationBackward, activationForward, normalizeActivation } from '../profiler/layers/activationOps.js';
import { qbpRange as checkQbpRange } from './qbpRange.js';

/**
 * `ByteInput` (BinaryNet's 8-bit first-layer input, methods.md §4.5): the model input, read as n-bit unsigned
 * integers (`ufixed(w=bits,f=0)`, so the first layer's products are muxes on n-bit data). It is an input: no
 * ops, and no error flows back to it (rounding has zero gradient), so the next layer propagates none. The
 * float32 `InputLayer` TF.js puts in front of it is not read by a byte-input chip: the profiler skips its traffic.
 * Not modelled: the clip-scale-round that turns float pixels into bytes (the data arrive as bytes).
 */
export const byteInputHandler: LayerHandler = {
  kind: 'input',
  stashesInput: false,
  ownRoles: (cfg) => ({ activation: { format: `ufixed(w=${cfg.int('bits', 8)},f=0)` } }),
  outputShape: (inputs) => [...inputs[0]!],
  params: () => ({ weight: 0, bias: 0 }),
  forward: () => noOps(),
  backward: () => noOps(),
};

/**
 * `QbpDense` (Lin et al. 2016, arXiv:1510.03009 §3; methods.md §2.3): costs as a dense layer, except that the
 * weight gradient x_qᵀ·δ multiplies the layer input rounded to `pow2(min=expMin,max=expMax+1)` (the stochastic
 * exponent rounding can step one above expMax) by the error: a shifter instead of a multiplier. Config key
 * `qbp: {expMin, expMax}` (camelCase or snake_case; default the layer's −4, 3).
 */
export const qbpDenseHandler: LayerHandler = {
  ...denseHandler,
  backward(env) {
    const ops = denseHandler.backward(env);
    const x: Operand = { ref: env.inputs[0]!.ref, format: toOperandFormat({ kind: 'pow2', ...qbpRange(env.cfg) }) };
    ops.macs = ops.macs.map((g) => (g.label === 'weight gradient' ? macGroup(env, 'backward', g.label, g.count, g.fanIn, x, g.b) : g));
    return ops;
  },
};

function qbpRange(cfg: LayerConfig): { min: number; max: number } {
  const q = cfg.get('qbp') ?? {};
  if (typeof q !== 'object' || q === null || Array.isArray(q)) cfg.fail('qbp', `must be an object {expMin, expMax}; got ${JSON.stringify(q)}`);
  // toJSON writes nested keys in snake_case
  const o = q as Record<string, number | undefined>;
  const r = checkQbpRange(`profileModel: layer '${cfg.layer}' (${cfg.className}): config.qbp`, { expMin: o.expMin ?? o.exp_min, expMax: o.expMax ?? o.exp_max });
  return { min: r.expMin, max: r.expMax + 1 };
}

/**
 * AP2 of a float32 (`ap2`): a signed power of two with float32's exponent range, so a product by it is a shift
 * (an exponent add on float data).
 */
const AP2_FLOAT32 = toOperandFormat({ kind: 'pow2', min: -149, max: 127 });

/**
 * `ShiftBatchNorm` (BinaryNet Algorithm 3, arXiv:1602.02830; methods.md §4.3): the counts of `batchNormHandler`
 * with the products by powers of two priced as shifts (`classifyMac` with a pow2 operand):
 *
 * | pass               | per value                                            | products          |
 * |--------------------|------------------------------------------------------|-------------------|
 * | inference (folded) | x·a + (β − μ·a), a = AP2(γ)·AP2(1/σ) per channel     | 1 shift, 1 add    |
 * | training forward   | C·AP2(C), C·AP2(1/σ), AP2(γ)·x̂; Σx, ΣC·AP2(C), x − μ, + β | 3 shifts, 4 adds |
 * | training backward  | dy·x̂ (dγ), x̂·mean(dx̂·x̂), (AP2(γ)·AP2(1/σ))·(…)      | 2 multiplies, 1 shift, 4 adds |
 *
 * The backward pass is ordinary batch norm at the AP2 points (the layer's straight-through AP2), so only its scale
 * by γ/σ is a power of two. An `activation` in the config adds `activationForward` / `activationBackward`.
 * Not modelled: the AP2 roundings themselves (a leading-one detection per value), the rsqrt per channel.
 */
export const shiftBatchNormHandler: LayerHandler = {
  kind: 'compute',
  stashesInput: true,
  outputShape: batchNormHandler.outputShape,
  params: batchNormHandler.params,
  forward(env, training) {
    const n = sizeOf(env.inputShapes[0]!);
    const ops = noOps();
    ops.muls.push(mulGroup('forward', training ? 'normalize (shift)' : 'scale (shift)', (training ? 3 : 1) * n, env.inputs[0]!, ap2Of(env)));
    ops.adds.push({ pass: 'forward', label: training ? 'normalize' : 'shift', count: (training ? 4 : 1) * n, operand: training ? env.role('activation') : env.role('bias') });
    return mergeOps(ops, activationForward(act(env), n, env.role('activation')));
  },
  backward(env) {
    const n = sizeOf(env.inputShapes[0]!);
    const err = env.role('error');
    const ops = noOps();
    ops.muls.push(mulGroup('backward', 'normalize', 2 * n, err, env.inputs[0]!));
    ops.muls.push(mulGroup('backward', 'scale (shift)', n, err, ap2Of(env)));
    ops.adds.push({ pass: 'backward', label: 'normalize', count: 4 * n, operand: err });
    return mergeOps(activationBackward(act(env), n, err, env.role('activation')), ops);
  },
};

/** The power-of-two factor: a float32 AP2 (it derives from γ, the layer's `weight`). */
function ap2Of(env: LayerEnv): Operand {
  return { ref: env.role('weight').ref, format: AP2_FLOAT32 };
}

function act(env: LayerEnv): string {
  return normalizeActivation(env, 'activation', env.cfg.get('activation'));
}
