import { z } from 'zod';
import { allowedKeysAt } from './_internal/allowedKeys.js';
import { validatePolicy } from '../policy/resolvePolicy.js';
import type { PolicySpec } from '../policy/policySpec.js';
import { ACTIVATION_IDS } from '../layers/_internal/activations.js';
import { METHOD_SCHEMA } from '../methods/methodConfig.js';
import { TENSOR_ROLES, type RolesSpec } from '../policy/policySpec.js';
import { parseFormat } from '../../simulators/formats/parseFormat.js';
import { float32Limitation } from '../quantizers/float32Exact.js';
import { tensorFormat } from '../quantizers/quantizeTensor.js';
import { resolveDatasetSpec } from '../datasets/loadDataset.js';
import { BIT_PRUNING_SCHEMA, checkBitPruningConfig } from '../bitpruning/bitPruningConfig.js';

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

/** The schema of a `lowbit train` config (zod, strict: unknown keys are errors). */
export const TRAIN_CONFIG_SCHEMA = z.strictObject({
  name: z.string().optional(),
  model: z.discriminatedUnion('type', [mlp, cnn]),
  dataset,
  policy: z.unknown().default({}),
  optimizer,
  epochs: int(1),
  batchSize: int(1).default(100),
  seed: z.number().int(),
  earlyStopping: z.strictObject({ patience: int(1), validationSize: int(0).default(0) }).optional(),
  dfixed: z
    .strictObject({ updateEvery: int(1).default(100), maxOverflowRate: rate.default(1e-4), rangeInitEpochs: int(0).default(0) })
    .optional(),
  backend: z.enum(['auto', 'tensorflow', 'wasm', 'cpu']).optional(),
  /** Binary/ternary method options that are not precision roles (docs/binary.md). */
  method: METHOD_SCHEMA.optional(),
  /** Learned bitlengths (BitPruning): target, λ, granularity, schedule (docs/shift-and-bitpruning.md). */
  bitPruning: BIT_PRUNING_SCHEMA.optional(),
});

/** A validated training config with defaults filled in (see docs/training.md for every field). */
export type TrainConfig = Omit<z.infer<typeof TRAIN_CONFIG_SCHEMA>, 'policy'> & { policy: PolicySpec };
/** The `model` section. */
export type ModelSpec = TrainConfig['model'];

/** Every role but the accumulator must be a format float32 tensors hold exactly (checked before any training). */
function checkTensorFormats(roles: RolesSpec | undefined, where: string): void {
  for (const role of TENSOR_ROLES) {
    const q = roles?.[role];
    if (!q || role === 'accumulator') continue;
    const why = float32Limitation(tensorFormat(parseFormat(q.format)));
    if (why) throw new RangeError(`${where}.${role}.format: ${q.format} cannot be held exactly in float32 tensors: ${why}`);
  }
}

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
  const policy = validatePolicy(cfg.policy, `${root}.policy`);
  checkTensorFormats(policy.default, `${root}.policy.default`);
  policy.rules?.forEach((r, i) => checkTensorFormats(r.roles, `${root}.policy.rules[${i}].roles`));
  if (cfg.optimizer.type === 'sgd' && (cfg.optimizer.beta1 ?? cfg.optimizer.beta2 ?? cfg.optimizer.epsilon) !== undefined) {
    throw new RangeError(`${root}.optimizer: beta1, beta2 and epsilon apply to adam and adamax only`);
  }
  if (cfg.optimizer.type !== 'sgd' && cfg.optimizer.momentum !== undefined) {
    throw new RangeError(`${root}.optimizer.momentum: applies to sgd only; got type ${cfg.optimizer.type}`);
  }
  if (cfg.bitPruning) checkBitPruningConfig({ ...cfg, bitPruning: cfg.bitPruning, policy }, root);
  return { ...cfg, policy };
}
