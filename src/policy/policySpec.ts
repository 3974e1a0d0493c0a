/**
 * Precision policy: which format and rounding each tensor role of each layer uses. Plain JSON data, shared by
 * training (src/), the profiler and cost models (cost-models/) and studies (experiments/).
 *
 * Roles (QPyTorch's weight/activation/error/gradient/momentum/accumulator, plus bias and Courbariaux's
 * "update precision" for the stored parameter after an update):
 *
 * | role          | tensor                                                     |
 * |---------------|------------------------------------------------------------|
 * | `weight`      | kernel as used by the forward and backward passes          |
 * | `bias`        | bias as used by the forward pass                           |
 * | `activation`  | layer output                                               |
 * | `error`       | dL/d(activation), the back-propagated error                |
 * | `gradient`    | dL/dW and dL/db                                            |
 * | `momentum`    | optimizer state (momentum, Adam/AdaMax moments)            |
 * | `update`      | stored (master) parameter after the update                 |
 * | `accumulator` | the MAC accumulator of the layer's dot products            |
 *
 * Rules are matched in order against each layer (by exact name, `*`/`?` glob on the name, or class name); the
 * last matching rule wins per role, over `default`. A role set to `null` (or absent everywhere) stays float32.
 * @example
 * { "default": { "weight": { "format": "fixed(w=8,f=6)" } },
 *   "rules": [{ "match": { "type": "QDense" }, "roles": { "activation": { "format": "float8_e4m3fn", "rounding": "sr" } } }] }
 */
export type TensorRole = 'weight' | 'bias' | 'activation' | 'error' | 'gradient' | 'momentum' | 'update' | 'accumulator';

/** Every tensor role, in the order above. */
export const TENSOR_ROLES: readonly TensorRole[] = ['weight', 'bias', 'activation', 'error', 'gradient', 'momentum', 'update', 'accumulator'];

/**
 * How one role is quantized: a format spec string (parseFormat grammar), a rounding mode, an optional seed, and for
 * the forward roles (weight, bias, activation) the straight-through estimator of the backward pass (`backward`:
 * identity | clipped | approxSign | swishSign(beta=B); default identity).
 */
export interface RoleQuantSpec {
  format: string;
  rounding?: string;
  seed?: number;
  backward?: string;
}

export type RolesSpec = Partial<Record<TensorRole, RoleQuantSpec | null>>;

/** Which layers a rule applies to: a name or glob, and/or a layer class name. */
export interface LayerMatchSpec {
  name?: string;
  type?: string;
}

export interface PolicyRuleSpec {
  match: LayerMatchSpec;
  roles: RolesSpec;
}

export interface PolicySpec {
  default?: RolesSpec;
  rules?: PolicyRuleSpec[];
}
