import { z } from 'zod';
import { BIT_GRANULARITIES } from './bitlengthBank.js';
import { BIT_COST_TARGETS } from './costModelBits.js';
import { MAX_LEARNED_BITS } from './learnedBitQuantize.js';
import { COST_MODEL_IDS } from '../../cost-models/costModelRegistry.js';

const epochs = z.number().int().min(0);
const bits = z.number().int().min(1).max(MAX_LEARNED_BITS);

/**
 * The `bitPruning` section of a `lowbit train` config (zod, strict): a BitPruning run (Nikolić et al. 2020,
 * arXiv:2002.03090; methods.md §8.2, lowbit's reconstruction in docs/shift-and-bitpruning.md) in one command.
 *
 * | key                      | meaning                                                                 | default |
 * |--------------------------|-------------------------------------------------------------------------|---------|
 * | `granularity`            | `tensor` (per layer and role), `layer`, `channel`, `role` (`bitGroup`)   | tensor  |
 * | `initBits`               | starting bitlength of every group                                       | 8       |
 * | `minBits`, `maxBits`     | bounds the bitlengths are clipped to                                    | 2, 16   |
 * | `target`                 | C(n): `bits`, `ops`, `memory`, `energy` (`costModelBits`)               | required |
 * | `lambda`                 | λ of λ·C(n)/C(n₀)                                                       | required |
 * | `energyModel`            | energy model of the `energy` target (a built-in id)                     | qtools  |
 * | `normalize`              | divide C(n) by C(n₀), so λ means the same for every target               | true    |
 * | `bitLr`, `bitOptimizer`  | learning rate and optimizer (`adam`, `sgd`) of the bitlengths            | 0.05, adam |
 * | `schedule.learnEpochs`   | epochs learning weights and bitlengths                                  | required |
 * | `schedule.round`         | how the bitlengths become integers at the end of learning: `up` (⌈n⌉)   | up      |
 * | `schedule.finetuneEpochs`| epochs fine-tuning the weights at the frozen integer bitlengths          | required |
 * | `schedule.finetuneLr`    | Adam learning rate while fine-tuning (a fresh Adam)                      | optimizer.lr |
 *
 * The weights train with Adam at `optimizer.lr`; `epochs` must equal learnEpochs + finetuneEpochs
 * (`checkBitPruningConfig`). Every dense and conv layer becomes a `BitDense` / `BitConv2D`; the logits stay float.
 */
export const BIT_PRUNING_SCHEMA = z.strictObject({
  granularity: z.enum(BIT_GRANULARITIES as [string, ...string[]]).default('tensor'),
  initBits: z.number().positive().default(8),
  minBits: bits.default(2),
  maxBits: bits.default(16),
  target: z.enum(BIT_COST_TARGETS as [string, ...string[]]),
  lambda: z.number().min(0),
  energyModel: z.enum(COST_MODEL_IDS as [string, ...string[]]).default('qtools'),
  normalize: z.boolean().default(true),
  bitLr: z.number().positive().default(0.05),
  bitOptimizer: z.enum(['adam', 'sgd']).default('adam'),
  schedule: z.strictObject({
    learnEpochs: epochs,
    round: z.enum(['up']).default('up'),
    finetuneEpochs: epochs,
    finetuneLr: z.number().positive().optional(),
  }),
});

/** A validated `bitPruning` section with defaults filled in. */
export type BitPruningSpec = z.infer<typeof BIT_PRUNING_SCHEMA>;

/** The parts of a train config `checkBitPruningConfig` looks at. */
export interface BitPruningConfigView {
  bitPruning: BitPruningSpec;
  epochs: number;
  optimizer: { type: string; beta1?: number; beta2?: number; epsilon?: number; clip?: number; momentum?: number; lrDecay: number };
  policy: { default?: unknown; rules?: readonly unknown[] };
  model: { type: string; activation: string; maxoutPieces?: number; batchNorm: boolean; dropout?: unknown; conv?: ReadonlyArray<{ type: string }> };
  dfixed?: unknown;
  method?: unknown;
  earlyStopping?: unknown;
}

/**
 * Checks what the schema alone cannot: a BitPruning run trains its own layers with Adam on a plain MLP/CNN, so the
 * config must not ask for what `trainBitPruning` does not do.
 * @throws RangeError naming the config path and the value, e.g.
 *   `config.epochs: must equal bitPruning.schedule.learnEpochs + finetuneEpochs = 4 + 2 = 6; got 5`.
 */
export function checkBitPruningConfig(cfg: BitPruningConfigView, root = 'config'): void {
  const bp = cfg.bitPruning;
  const s = bp.schedule;
  const fail = (path: string, msg: string): never => {
    throw new RangeError(`${root}.${path}: ${msg}`);
  };
  if (bp.minBits >= bp.maxBits) fail('bitPruning.minBits', `must be below maxBits (${bp.maxBits}); got ${bp.minBits}`);
  if (bp.initBits < bp.minBits || bp.initBits > bp.maxBits) fail('bitPruning.initBits', `must be in [minBits, maxBits] = [${bp.minBits}, ${bp.maxBits}]; got ${bp.initBits}`);
  if (s.learnEpochs + s.finetuneEpochs !== cfg.epochs) {
    fail('epochs', `must equal bitPruning.schedule.learnEpochs + finetuneEpochs = ${s.learnEpochs} + ${s.finetuneEpochs} = ${s.learnEpochs + s.finetuneEpochs}; got ${cfg.epochs}`);
  }
  const o = cfg.optimizer;
  if (o.type !== 'adam') fail('optimizer.type', `bitPruning trains the weights with Adam; got ${JSON.stringify(o.type)}`);
  for (const k of ['beta1', 'beta2', 'epsilon', 'clip', 'momentum'] as const) {
    if (o[k] !== undefined) fail(`optimizer.${k}`, `not used with bitPruning (Adam with default betas, lr only); got ${o[k]}`);
  }
  if (o.lrDecay !== 1) fail('optimizer.lrDecay', `not used with bitPruning; got ${o.lrDecay}`);
  if (cfg.policy.default !== undefined || (cfg.policy.rules?.length ?? 0) > 0) {
    fail('policy', 'must be empty with bitPruning: the weight and activation bitlengths are learned');
  }
  for (const k of ['dfixed', 'method', 'earlyStopping'] as const) if (cfg[k] !== undefined) fail(k, 'not supported with bitPruning');
  const m = cfg.model;
  if (m.activation !== 'relu' && m.activation !== 'linear') fail('model.activation', `must be relu or linear with bitPruning; got ${JSON.stringify(m.activation)}`);
  if (m.maxoutPieces !== undefined) fail('model.maxoutPieces', 'not supported with bitPruning');
  if (m.batchNorm) fail('model.batchNorm', 'not supported with bitPruning');
  if (m.dropout !== undefined) fail('model.dropout', 'not supported with bitPruning');
  m.conv?.forEach((c, i) => {
    if (c.type !== 'conv') fail(`model.conv[${i}].type`, `must be conv with bitPruning; got ${JSON.stringify(c.type)}`);
  });
}
