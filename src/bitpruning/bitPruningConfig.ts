import { z } from 'zod';
import { BIT_COST_TARGETS } from './costModelBits.js';
import { LEARNED_GRANULARITIES, MAX_LEARNED_BITS, learnedFormatToString } from '../policy/learnedFormat.js';
import { COST_MODEL_IDS } from '../../cost-models/costModelRegistry.js';
import type { PolicySpec, RolesSpec } from '../policy/policySpec.js';

const epochs = z.number().int().min(0);
const bits = z.number().int().min(1).max(MAX_LEARNED_BITS);

/**
 * The `bitPruning` section of a `lowbit train` config (zod, strict): BitPruning (Nikolić et al. 2020,
 * arXiv:2002.03090; methods.md §8.2, lowbit's reconstruction in docs/shift-and-bitpruning.md) as the regularizer
 * and schedule of the one training loop. The widths themselves are policy roles with a `learned(...)` format.
 *
 * | key                      | meaning                                                                  | default |
 * |--------------------------|--------------------------------------------------------------------------|---------|
 * | `granularity`, `initBits`, `minBits`, `maxBits` | shorthand when the policy sets no `learned(...)` role: every weight and output activation of the dense and conv layers (logits excepted) gets `learned(init, min, max, granularity)` | tensor, 8, 2, 16 |
 * | `target`                 | C(n): `bits`, `ops`, `memory`, `energy` (`costModelBits`)                | required |
 * | `lambda`                 | λ of λ·C(n)/C(n₀)                                                        | required |
 * | `energyModel`            | energy model of the `energy` target (a built-in id)                      | qtools  |
 * | `normalize`              | divide C(n) by C(n₀), so λ means the same for every target                | true    |
 * | `bitLr`, `bitOptimizer`  | learning rate and optimizer (`adam`, `sgd`) of the widths' parameter group | 0.05, adam |
 * | `schedule.learnEpochs`   | epochs learning weights and widths                                       | required |
 * | `schedule.round`         | how the widths become integers at the end of learning: `up` (⌈n⌉)        | up      |
 * | `schedule.finetuneEpochs`| epochs fine-tuning the weights at the frozen integer widths               | required |
 * | `schedule.finetuneLr`    | learning rate of a fresh optimizer (the config's type) while fine-tuning | optimizer.lr |
 * @example
 * BIT_PRUNING_SCHEMA.parse({ target: 'energy', lambda: 0.5, energyModel: 'qtools', schedule: { learnEpochs: 4, finetuneEpochs: 2 } })
 */
export const BIT_PRUNING_SCHEMA = z.strictObject({
  granularity: z.enum(LEARNED_GRANULARITIES as [string, ...string[]]).optional(),
  initBits: z.number().positive().optional(),
  minBits: bits.optional(),
  maxBits: bits.optional(),
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

/**
 * A validated `bitPruning` section with defaults filled in.
 * @example
 * const spec: BitPruningSpec = validateTrainConfig(config).bitPruning!;
 */
export type BitPruningSpec = z.infer<typeof BIT_PRUNING_SCHEMA>;

/** The layer classes the shorthand gives learned widths (the dense and conv layers of `buildModel`). */
const LEARNED_TYPES = ['QDense', 'QbpDense', 'QConv2D', 'ShiftConv2D', 'ShiftAttention2D'];

/**
 * True when the policy sets a `learned(...)` format anywhere.
 * @example
 * hasLearnedRoles({ default: { weight: { format: 'learned(init=8,min=2,max=16)' } } }) // true
 */
export function hasLearnedRoles(policy: PolicySpec): boolean {
  const roles = [policy.default ?? {}, ...(policy.rules ?? []).map((r) => r.roles)];
  return roles.some((rs) => Object.values(rs).some((q) => q && /^\s*learned\b/.test(q.format)));
}

/**
 * Checks what the schema alone cannot, and returns the policy of the run: the config's, or, when it sets no
 * `learned(...)` role, the config's with the shorthand's learned widths added (every weight and output activation
 * of the dense and conv layers; the logits' activation stays float).
 * @throws RangeError naming the config path and the value, e.g.
 *   `config.epochs: must equal bitPruning.schedule.learnEpochs + finetuneEpochs = 4 + 2 = 6; got 5`.
 * @example
 * const policy = bitPruningPolicy(validateTrainConfig(config)) // the config's policy with learned(...) roles filled in
 */
export function bitPruningPolicy(cfg: { bitPruning: BitPruningSpec; epochs: number; policy: PolicySpec; earlyStopping?: unknown }, root = 'config'): PolicySpec {
  const bp = cfg.bitPruning;
  const s = bp.schedule;
  const fail = (path: string, msg: string): never => {
    throw new RangeError(`${root}.${path}: ${msg}`);
  };
  if (s.learnEpochs + s.finetuneEpochs !== cfg.epochs) {
    fail('epochs', `must equal bitPruning.schedule.learnEpochs + finetuneEpochs = ${s.learnEpochs} + ${s.finetuneEpochs} = ${s.learnEpochs + s.finetuneEpochs}; got ${cfg.epochs}`);
  }
  if (cfg.earlyStopping !== undefined) fail('earlyStopping', 'not used with bitPruning: its schedule fixes the epochs of each phase');
  const shorthand = (['granularity', 'initBits', 'minBits', 'maxBits'] as const).filter((k) => bp[k] !== undefined);
  if (hasLearnedRoles(cfg.policy)) {
    if (shorthand.length) fail(`bitPruning.${shorthand[0]}`, 'the policy sets learned(...) formats; give init, min, max and granularity there');
    return cfg.policy;
  }
  const sets = [cfg.policy.default ?? {}, ...(cfg.policy.rules ?? []).map((r) => r.roles)].some((rs) => rs.weight || rs.activation);
  if (sets) fail('policy', 'sets weight or activation formats, which the bitPruning shorthand learns; write learned(...) formats in the policy instead');
  const f = { kind: 'learned' as const, init: bp.initBits ?? 8, min: bp.minBits ?? 2, max: bp.maxBits ?? 16, granularity: (bp.granularity ?? 'tensor') as 'tensor' | 'channel' };
  if (f.min >= f.max) fail('bitPruning.minBits', `must be below maxBits (${f.max}); got ${f.min}`);
  if (f.init < f.min || f.init > f.max) fail('bitPruning.initBits', `must be in [minBits, maxBits] = [${f.min}, ${f.max}]; got ${f.init}`);
  const learned = { format: learnedFormatToString(f) };
  const roles: RolesSpec = { weight: learned, activation: learned };
  return {
    ...(cfg.policy.default ? { default: cfg.policy.default } : {}),
    rules: [
      ...(cfg.policy.rules ?? []),
      ...LEARNED_TYPES.map((type) => ({ match: { type }, roles })),
      { match: { name: 'output' }, roles: { activation: null } },
    ],
  };
}
