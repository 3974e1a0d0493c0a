import { z } from 'zod';
import { allowedKeysAt } from './_internal/allowedKeys.js';
import { compilePolicy } from '../policy/compilePolicy.js';
import type { PolicySpec } from '../policy/policySpec.js';
import { ACTIVATION_IDS } from '../layers/_internal/activations.js';
import { METHOD_SCHEMA } from '../methods/methodConfig.js';
import { resolveDatasetSpec } from '../datasets/loadDataset.js';
import { BIT_PRUNING_SCHEMA, bitPruningPolicy, hasLearnedRoles } from '../bitpruning/bitPruningConfig.js';
import { DEFAULT_MEMORY_BUDGET_MIB, modelFootprint } from './modelFootprint.js';

const int = (min: number) => z.number().int().min(min);
const rate = z.number().min(0).lt(1);
const activation = z.enum(ACTIVATION_IDS as [string, ...string[]]);

const dropout = z.strictObject({ input: rate.optional(), hidden: rate.optional() });
const common = {
  /** Hidden dense layers (units each; with maxout, units before pieces). */
  hidden: z.array(int(1)).default([]),
  activation: activation.default('relu'),
  /** Maxout pieces per unit (Goodfellow et al. 2013): each hidden QDense gets units·pieces outputs, then Maxout. */
  maxoutPieces: int(2).optional(),
  /** BatchNorm after every hidden layer (before the activation). */
  batchNorm: z.boolean().default(false),
  dropout: dropout.optional(),
};
const mlp = z.strictObject({ type: z.literal('mlp'), ...common });
const convLayer = z.strictObject({
  filters: int(1),
  kernelSize: int(1),
  strides: int(1).default(1),
  padding: z.enum(['same', 'valid']).default('same'),
  /** Max pooling window (and stride) after the layer; none when absent. */
  pool: int(2).optional(),
  /** `conv` (QConv2D), `shift` (ShiftConv2D), `sal` / `salShared` (ShiftAttention2D; docs/shift-and-bitpruning.md). */
  type: z.enum(['conv', 'shift', 'sal', 'salShared']).default('conv'),
  /** SAL τ schedule (defaults 20 → 70 over the whole training, the official CIFAR setting). */
  tau0: z.number().positive().optional(),
  tauFinal: z.number().positive().optional(),
});
const cnn = z.strictObject({ type: z.literal('cnn'), conv: z.array(convLayer).min(1), ...common });

const optimizer = z.strictObject({
  type: z.enum(['sgd', 'adam', 'adamax', 'shiftAdamax']),
  lr: z.number().positive(),
  momentum: rate.optional(),
  beta1: rate.optional(),
  beta2: rate.optional(),
  epsilon: z.number().positive().optional(),
  clip: z.number().positive().optional(),
  lrDecay: z.number().positive().max(1).default(1),
});

const dataset = z.strictObject({
  name: z.enum(['mnist', 'fashion-mnist', 'synthetic']),
  trainSize: int(1).optional(),
  testSize: int(1).optional(),
  seed: z.number().int().optional(),
  path: z.string().optional(),
});

/**
 * The schema of a `lowbit train` config (zod, strict: unknown keys are errors).
 * @example
 * TRAIN_CONFIG_SCHEMA.shape.optimizer // the zod schema of the optimizer section
 */
export const TRAIN_CONFIG_SCHEMA = z.strictObject({
  name: z.string().optional(),
  model: z.discriminatedUnion('type', [mlp, cnn]),
  dataset,
  policy: z.unknown().default({}),
  optimizer,
  epochs: int(1),
  batchSize: int(1).default(100),
  seed: z.number().int(),
  /** Early stopping on a validation split carved from the training data (default 10 % of it); the test set is only reported. */
  earlyStopping: z.strictObject({ patience: int(1), validationSize: int(1).optional() }).optional(),
  /** Divergence bound: a batch loss above maxLossRatio × the first epoch's loss stops the run (default 1e6). */
  divergence: z.strictObject({ maxLossRatio: z.number().gt(1).default(1e6) }).optional(),
  /** Memory budget of the model in training (MiB, default 1024): a model that needs more is refused at validation. */
  memoryBudgetMiB: z.number().positive().optional(),
  dfixed: z
    .strictObject({ updateEvery: int(1).default(100), maxOverflowRate: rate.default(1e-4), rangeInitEpochs: int(0).default(0) })
    .optional(),
  backend: z.enum(['auto', 'tensorflow', 'wasm', 'cpu']).optional(),
  /** Binary/ternary method options that are not precision roles (docs/binary.md). */
  method: METHOD_SCHEMA.optional(),
  /** Learned bitlengths (BitPruning): target, λ, granularity, schedule (docs/shift-and-bitpruning.md). */
  bitPruning: BIT_PRUNING_SCHEMA.optional(),
});

/**
 * A validated training config with defaults filled in (see docs/training.md for every field).
 * @example
 * const config: TrainConfig = validateTrainConfig(JSON.parse(readFileSync('experiments/examples/mnist-mlp-float32.json', 'utf8')));
 */
export type TrainConfig = Omit<z.infer<typeof TRAIN_CONFIG_SCHEMA>, 'policy'> & { policy: PolicySpec };
/**
 * The `model` section.
 * @example
 * const model: ModelSpec = { type: 'cnn', conv: [{ filters: 16, kernelSize: 3, pool: 2 }], hidden: [128], activation: 'relu' };
 */
export type ModelSpec = TrainConfig['model'];

/** `config.model.hidden[1]` from a zod path. */
function jsonPath(root: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : `${acc}.${String(k)}`), root);
}

/**
 * Validates a training config strictly and fills in defaults. Errors name the JSON path:
 * `config.optimizer.lr: Too small: expected number to be >0`, `config.model.hiden: unknown key; allowed: type, hidden, …`.
 * @throws RangeError on the first problem.
 * @example validateTrainConfig(JSON.parse(fs.readFileSync('experiments/examples/mnist-mlp-float32.json', 'utf8')))
 */
export function validateTrainConfig(json: unknown, root = 'config'): TrainConfig {
  const r = TRAIN_CONFIG_SCHEMA.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeysAt(TRAIN_CONFIG_SCHEMA, issue.path, json);
      throw new RangeError(`${jsonPath(root, [...issue.path, issue.keys[0]!])}: unknown key${allowed.length ? `; allowed: ${allowed.join(', ')}` : ''}`);
    }
    throw new RangeError(`${jsonPath(root, issue.path)}: ${issue.message}`);
  }
  const cfg = r.data;
  try {
    resolveDatasetSpec(cfg.dataset);
  } catch (e) {
    throw new RangeError(`${root}.dataset: ${(e as Error).message}`);
  }
  let policy = compilePolicy(cfg.policy, { where: `${root}.policy` }).spec;
  if (cfg.optimizer.type === 'sgd' && (cfg.optimizer.beta1 ?? cfg.optimizer.beta2 ?? cfg.optimizer.epsilon) !== undefined) {
    throw new RangeError(`${root}.optimizer: beta1, beta2 and epsilon apply to adam and adamax only`);
  }
  if (cfg.optimizer.type !== 'sgd' && cfg.optimizer.momentum !== undefined) {
    throw new RangeError(`${root}.optimizer.momentum: applies to sgd only; got type ${cfg.optimizer.type}`);
  }
  let bitPruning = cfg.bitPruning;
  if (bitPruning) {
    // the shorthand's learned widths become policy roles (defaults filled in, as everywhere in a validated config)
    policy = compilePolicy(bitPruningPolicy({ ...cfg, bitPruning, policy }, root), { where: `${root}.policy` }).spec;
    const { granularity: _g, initBits: _i, minBits: _lo, maxBits: _hi, ...rest } = bitPruning;
    bitPruning = rest;
  } else if (hasLearnedRoles(policy)) {
    throw new RangeError(`${root}.policy: learned(...) formats need a bitPruning section (its schedule rounds the widths up)`);
  }
  checkMemory(cfg, root);
  return { ...cfg, policy, ...(bitPruning ? { bitPruning } : {}) };
}

/** Refuses a model whose parameters and activations exceed the memory budget, with the figure it needs. */
function checkMemory(cfg: Pick<TrainConfig, 'model' | 'batchSize' | 'memoryBudgetMiB'>, root: string): void {
  const fp = modelFootprint(cfg.model, { inputShape: [28, 28, 1], numClasses: 10, batchSize: cfg.batchSize });
  const budget = (cfg.memoryBudgetMiB ?? DEFAULT_MEMORY_BUDGET_MIB) * 2 ** 20;
  if (!(fp.bytes <= budget)) {
    const mib = (b: number) => (b >= 2 ** 30 ? `${(b / 2 ** 30).toFixed(1)} GiB` : `${(b / 2 ** 20).toFixed(1)} MiB`);
    throw new RangeError(`${root}.model: needs about ${mib(fp.bytes)} in training (${fp.params.toLocaleString('en-US')} parameters, `
      + `${fp.activationsPerExample.toLocaleString('en-US')} values per example × batch ${cfg.batchSize}); the memory budget is ${mib(budget)} `
      + `(raise it with ${root}.memoryBudgetMiB)`);
  }
}
