import type { TensorRole } from '../../cost-models/tensorRole.js';

export type { TensorRole } from '../../cost-models/tensorRole.js';
export { TENSOR_ROLES } from '../../cost-models/tensorRole.js';

/**
 * How one role is quantized: a format spec string (a simulator format, parseFormat grammar, or a learned bitlength
 * `learned(init=8,min=2,max=16,granularity=tensor|channel)`), a rounding mode, an optional seed, and for the
 * forward roles (weight, bias, activation) the straight-through estimator of the backward pass (`backward`:
 * identity | clipped | approxSign | swishSign(beta=B); default identity).
 * @example
 * const w: RoleQuantSpec = { format: 'float8_e4m3fn', rounding: 'sr', seed: 1, backward: 'clipped' };
 */
export interface RoleQuantSpec {
  format: string;
  rounding?: string;
  seed?: number;
  backward?: string;
}

/**
 * The formats of one layer's tensor roles; `null` keeps a role in float32 explicitly.
 * @example
 * const roles: RolesSpec = { weight: { format: 'int8' }, activation: { format: 'bfloat16' }, bias: null };
 */
export type RolesSpec = Partial<Record<TensorRole, RoleQuantSpec | null>>;

/**
 * Which layers a rule applies to: a name or glob, and/or a layer class name.
 * @example
 * const match: LayerMatchSpec = { type: 'QConv2D', name: 'conv_*' };
 */
export interface LayerMatchSpec {
  name?: string;
  type?: string;
}

/**
 * One rule of a policy: the layers it matches (by name glob or class) and the roles it sets on them.
 * @example
 * const rule: PolicyRuleSpec = { match: { name: 'conv_*' }, roles: { weight: { format: 'int4' } } };
 */
export interface PolicyRuleSpec {
  match: LayerMatchSpec;
  roles: RolesSpec;
}

/**
 * Precision policy: which format and rounding each tensor role (`TensorRole`, cost-models/tensorRole.ts) of each
 * layer uses. Plain JSON data, shared by training (src/), the profiler and cost models and studies.
 * `compilePolicy` checks it and turns it into typed data once.
 *
 * Rules are matched in order against each layer (by exact name, `*`/`?` glob on the name, or class name); the
 * last matching rule wins per role, over `default`. A role set to `null` (or absent everywhere) stays float32.
 * @example
 * { "default": { "weight": { "format": "fixed(w=8,f=6)" } },
 *   "rules": [{ "match": { "type": "QDense" }, "roles": { "activation": { "format": "float8_e4m3fn", "rounding": "sr" } } }] }
 */
export interface PolicySpec {
  default?: RolesSpec;
  rules?: PolicyRuleSpec[];
}
