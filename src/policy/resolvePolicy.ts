import { parseFormat } from '../../simulators/formats/parseFormat.js';
import type { FormatSpec } from '../../simulators/formats/formatSpec.js';
import { checkRoundingMode, type RoundingMode } from '../../simulators/rounding/roundingMode.js';
import { TENSOR_ROLES, type PolicySpec, type RolesSpec, type TensorRole } from './policySpec.js';
import { parseEstimator, type EstimatorSpec } from '../quantizers/estimatorSpec.js';

/** A role's quantization after parsing: the format, the rounding mode and the seed (for `sr`). */
export interface RoleQuant {
  format: FormatSpec;
  formatText: string;
  rounding: RoundingMode;
  seed: number;
  /** Straight-through estimator of a forward role (weight, bias, activation); identity elsewhere. */
  backward: EstimatorSpec;
}

/** The resolved precision of every role of one layer; a missing role stays float32. */
export type LayerPrecision = Partial<Record<TensorRole, RoleQuant>>;

const TOP_KEYS = ['default', 'rules'];
const RULE_KEYS = ['match', 'roles'];
const MATCH_KEYS = ['name', 'type'];
const QUANT_KEYS = ['format', 'rounding', 'seed', 'backward'];
/** Roles whose quantizer sits on the forward pass and so has a straight-through estimator. */
const FORWARD_ROLES: readonly string[] = ['weight', 'bias', 'activation'];

/**
 * Validates a policy strictly: unknown keys, unknown roles, bad formats or rounding modes are errors naming the
 * JSON path (`rules[1].roles.weight.format: …`).
 * @throws RangeError on the first problem.
 */
export function validatePolicy(policy: unknown, where = 'policy'): PolicySpec {
  const obj = asObject(policy, where);
  checkKeys(obj, TOP_KEYS, where);
  if (obj.default !== undefined) checkRoles(obj.default, `${where}.default`);
  if (obj.rules !== undefined) {
    if (!Array.isArray(obj.rules)) throw new RangeError(`${where}.rules: must be an array; got ${JSON.stringify(obj.rules)}`);
    obj.rules.forEach((r, i) => {
      const p = `${where}.rules[${i}]`;
      const rule = asObject(r, p);
      checkKeys(rule, RULE_KEYS, p);
      const match = asObject(rule.match, `${p}.match`);
      checkKeys(match, MATCH_KEYS, `${p}.match`);
      for (const k of MATCH_KEYS) {
        if (match[k] !== undefined && typeof match[k] !== 'string') {
          throw new RangeError(`${p}.match.${k}: must be a string; got ${JSON.stringify(match[k])}`);
        }
      }
      if (match.name === undefined && match.type === undefined) throw new RangeError(`${p}.match: needs 'name' or 'type'`);
      checkRoles(rule.roles, `${p}.roles`);
    });
  }
  return obj as PolicySpec;
}

function checkRoles(roles: unknown, where: string): void {
  const obj = asObject(roles, where);
  checkKeys(obj, TENSOR_ROLES as string[], where);
  for (const [role, q] of Object.entries(obj)) {
    if (q === null) continue;
    const p = `${where}.${role}`;
    const qo = asObject(q, p);
    checkKeys(qo, QUANT_KEYS, p);
    if (typeof qo.format !== 'string') throw new RangeError(`${p}.format: must be a format spec string; got ${JSON.stringify(qo.format)}`);
    try {
      parseFormat(qo.format);
    } catch (e) {
      throw new RangeError(`${p}.format: ${(e as Error).message}`);
    }
    if (qo.rounding !== undefined) checkRoundingMode(p, 'rounding', qo.rounding);
    if (qo.seed !== undefined && !Number.isSafeInteger(qo.seed)) {
      throw new RangeError(`${p}.seed: must be an integer; got ${JSON.stringify(qo.seed)}`);
    }
    if (qo.backward !== undefined) {
      if (!FORWARD_ROLES.includes(role)) throw new RangeError(`${p}.backward: only the roles ${FORWARD_ROLES.join(', ')} have an estimator`);
      parseEstimator(qo.backward as string, `${p}.backward`);
    }
  }
}

function asObject(x: unknown, where: string): Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) {
    throw new RangeError(`${where}: must be an object; got ${JSON.stringify(x)}`);
  }
  return x as Record<string, unknown>;
}

function checkKeys(obj: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const k of Object.keys(obj)) {
    if (!allowed.includes(k)) throw new RangeError(`${where}.${k}: unknown key; allowed: ${allowed.join(', ')}`);
  }
}

/** True when a `*`/`?` glob matches the whole name. */
export function globMatch(glob: string, name: string): boolean {
  const re = new RegExp('^' + glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$');
  return re.test(name);
}

/**
 * The precision of each role of one layer: `default`, then every matching rule in order (later wins per role).
 * @example resolveLayerPrecision(policy, 'dense_1', 'QDense').weight?.format
 */
export function resolveLayerPrecision(policy: PolicySpec, layerName: string, layerType: string): LayerPrecision {
  const merged = resolveLayerRoles(policy, layerName, layerType);
  const out: LayerPrecision = {};
  for (const role of TENSOR_ROLES) {
    const q = merged[role];
    if (!q) continue;
    out[role] = {
      format: parseFormat(q.format),
      formatText: q.format,
      rounding: (q.rounding ?? 'rne') as RoundingMode,
      seed: q.seed ?? 0,
      backward: parseEstimator(q.backward ?? 'identity'),
    };
  }
  return out;
}

/**
 * The merged role specs of one layer, still as JSON (`default`, then every matching rule in order; a role set to
 * null by a later rule is dropped). This is what a quantized layer stores in its config.
 * @example resolveLayerRoles(policy, 'dense_1', 'QDense') // { weight: { format: 'fixed(w=8,f=6)' } }
 */
export function resolveLayerRoles(policy: PolicySpec, layerName: string, layerType: string): RolesSpec {
  const merged: RolesSpec = { ...(policy.default ?? {}) };
  for (const rule of policy.rules ?? []) {
    const byName = rule.match.name === undefined || globMatch(rule.match.name, layerName);
    const byType = rule.match.type === undefined || rule.match.type === layerType;
    if (byName && byType) Object.assign(merged, rule.roles);
  }
  for (const role of TENSOR_ROLES) if (merged[role] === null) delete merged[role];
  return merged;
}
