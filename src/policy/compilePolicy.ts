import { checkRoundingMode, type RoundingMode } from '../../simulators/rounding/roundingMode.js';
import { handlerFor } from '../../simulators/registry.js';
import { FORWARD_ROLES, TENSOR_ROLES, type TensorRole } from '../../cost-models/tensorRole.js';
import { parseEstimator, type EstimatorSpec } from '../quantizers/estimatorSpec.js';
import { float32Limitation } from '../quantizers/float32Exact.js';
import type { PolicySpec, RoleQuantSpec, RolesSpec } from './policySpec.js';
import { isLearnedFormat, parseRoleFormat, roleFormatToString, type RoleFormatSpec } from './roleFormat.js';

/**
 * One role of one layer after compilation: the parsed format, its canonical text and JSON, rounding, seed, estimator.
 * @example
 * const w: CompiledRole | null | undefined = compilePolicy(policy).rolesFor('dense_1', 'QDense').weight;
 * w?.formatText // 'float(e=4,m=3,specials=fn,overflow=nan)'
 */
export interface CompiledRole {
  readonly role: TensorRole;
  readonly format: RoleFormatSpec;
  /** Canonical format text (`float(e=4,m=3,specials=fn)`, never a preset id: tfjs camel-cases strings with `_` on load). */
  readonly formatText: string;
  readonly rounding: RoundingMode;
  /** The policy's seed of this role (0 when absent); quantizers mix it with the layer seed (`deriveSeed`). */
  readonly seed: number;
  /** Straight-through estimator of a forward role; identity elsewhere. */
  readonly backward: EstimatorSpec;
  /** The role as canonical JSON: what a layer saves in its config. */
  readonly json: RoleQuantSpec;
}

/**
 * The resolved roles of one layer: a compiled role, `null` when the policy sets the role to float32 explicitly.
 * @example
 * const roles: LayerRoles = compileRoles({ weight: { format: 'int8' }, activation: null });
 * roles.activation // null: float32 on purpose
 */
export type LayerRoles = Readonly<Partial<Record<TensorRole, CompiledRole | null>>>;

/**
 * Options of `compilePolicy`.
 * @example
 * compilePolicy(JSON.parse(text), { where: 'config.policy' })
 */
export interface CompilePolicyOptions {
  /** Path prefix of error messages (default `policy`). */
  where?: string;
  /**
   * The roles will round float32 tensors (training; default true): every role but the accumulator must be a format
   * float32 holds exactly, and the accumulator must be float or fixed. False for a cost what-if, where any width
   * may be priced.
   */
  tensors?: boolean;
}

/**
 * A policy checked, parsed and float32-checked once: `rolesFor` resolves a layer's roles without parsing again.
 * @example
 * const compiled: CompiledPolicy = compilePolicy({ default: { weight: { format: 'int8' } } });
 * compiled.empty // false
 */
export interface CompiledPolicy {
  readonly kind: 'compiledPolicy';
  /** The validated JSON (as given). */
  readonly spec: PolicySpec;
  /** True when the policy sets no role at all. */
  readonly empty: boolean;
  /** Whether it was compiled for tensors (`CompilePolicyOptions.tensors`). */
  readonly tensors: boolean;
  /**
   * `default`, then every matching rule in order (later wins per role); `withDefault: false` leaves `default`
   * out (only rules that match the layer). Cached per (name, type).
   */
  rolesFor(layerName: string, layerType: string, options?: { withDefault?: boolean }): LayerRoles;
}

const TOP_KEYS = ['default', 'rules'];
const RULE_KEYS = ['match', 'roles'];
const MATCH_KEYS = ['name', 'type'];
const QUANT_KEYS = ['format', 'rounding', 'seed', 'backward'];

/**
 * Compiles a precision policy (`PolicySpec` JSON): validates it strictly (unknown keys, roles, formats, rounding
 * modes, seeds, estimators are errors naming the JSON path), parses every format once (`parseRoleFormat`:
 * simulator formats and `learned(...)`), checks that float32 tensors hold each format exactly (unless
 * `tensors: false`), and compiles the rules' name globs. `buildModel`, `applyPolicy`, the layers and the profiler
 * use the result; nothing downstream parses a format string again.
 *
 * | check                      | rule                                                                  |
 * |----------------------------|-----------------------------------------------------------------------|
 * | rounding                   | a mode the format's simulator accepts (`learned`: rne only)           |
 * | backward                   | weight, bias, activation only (`learned`: identity only)              |
 * | learned(...)               | weight, bias, activation only                                         |
 * | tensors (default)          | float32 holds the format exactly (`float32Limitation`); accumulator float or fixed |
 *
 * A policy object is compiled once per process: compiling the same object again returns the cached result (so a
 * config validated, trained and saved is parsed once). Treat a policy object as immutable once compiled.
 * @throws RangeError on the first problem, e.g. `policy.rules[1].roles.weight.format: unknown format …`.
 * @example compilePolicy({ default: { weight: { format: 'int8' } } }).rolesFor('dense_1', 'QDense').weight?.formatText // 'fixed(w=8,f=0)'
 */
export function compilePolicy(policy: unknown, options: CompilePolicyOptions = {}): CompiledPolicy {
  if (isCompiledPolicy(policy)) return policy;
  const where = options.where ?? 'policy';
  const tensors = options.tensors ?? true;
  // the same JSON object is compiled once per process (a config validated, then trained, then saved)
  const cached = typeof policy === 'object' && policy !== null ? COMPILED.get(policy) : undefined;
  const hit = cached?.tensors ?? (tensors ? undefined : cached?.cost);
  if (hit) return hit;
  const compiled = compileFresh(policy, where, tensors);
  COMPILED.set(compiled.spec, { ...cached, [tensors ? 'tensors' : 'cost']: compiled });
  return compiled;
}

const COMPILED = new WeakMap<object, { tensors?: CompiledPolicy; cost?: CompiledPolicy }>();

function compileFresh(policy: unknown, where: string, tensors: boolean): CompiledPolicy {
  const obj = asObject(policy, where);
  checkKeys(obj, TOP_KEYS, where);
  const base = obj.default === undefined ? {} : compileRoles(obj.default, { where: `${where}.default`, tensors });
  if (obj.rules !== undefined && !Array.isArray(obj.rules)) throw new RangeError(`${where}.rules: must be an array; got ${JSON.stringify(obj.rules)}`);
  const rules = ((obj.rules as unknown[] | undefined) ?? []).map((r, i) => compileRule(r, `${where}.rules[${i}]`, tensors));
  const cache = new Map<string, LayerRoles>();
  return {
    kind: 'compiledPolicy',
    spec: obj as PolicySpec,
    tensors,
    empty: Object.keys(base).length === 0 && rules.every((r) => Object.keys(r.roles).length === 0),
    rolesFor(layerName, layerType, o = {}) {
      const withDefault = o.withDefault ?? true;
      const key = `${withDefault ? 1 : 0}\u0000${layerType}\u0000${layerName}`;
      let out = cache.get(key);
      if (!out) {
        const merged: Partial<Record<TensorRole, CompiledRole | null>> = withDefault ? { ...base } : {};
        for (const r of rules) if (r.matches(layerName, layerType)) Object.assign(merged, r.roles);
        out = freezeRoles(merged);
        cache.set(key, out);
      }
      return out;
    },
  };
}

/** True for the result of `compilePolicy`. */
export function isCompiledPolicy(x: unknown): x is CompiledPolicy {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'compiledPolicy';
}

/**
 * Compiles one set of roles (a policy's `default`, a rule's `roles`, or a layer's saved `precision`).
 * @throws RangeError naming the path of the first problem.
 * @example
 * compileRoles({ weight: { format: 'bfloat16', rounding: 'sr', seed: 3 } }).weight?.rounding // 'sr'
 */
export function compileRoles(roles: unknown, options: CompilePolicyOptions = {}): LayerRoles {
  const where = options.where ?? 'roles';
  const tensors = options.tensors ?? true;
  const obj = asObject(roles, where);
  checkKeys(obj, TENSOR_ROLES, where);
  const out: Partial<Record<TensorRole, CompiledRole | null>> = {};
  for (const role of TENSOR_ROLES) {
    if (!Object.hasOwn(obj, role) || obj[role] === undefined) continue;
    out[role] = obj[role] === null ? null : compileRole(role, obj[role], `${where}.${role}`, tensors);
  }
  return freezeRoles(out);
}

const COMPILED_ROLES = new WeakSet<object>();

function freezeRoles(roles: Partial<Record<TensorRole, CompiledRole | null>>): LayerRoles {
  const out = Object.freeze(roles);
  COMPILED_ROLES.add(out);
  return out;
}

/** True for roles made by `compileRoles` or `CompiledPolicy.rolesFor` (a layer takes them without parsing again). */
export function isCompiledRoles(x: unknown): x is LayerRoles {
  return typeof x === 'object' && x !== null && COMPILED_ROLES.has(x);
}

/**
 * The roles with a format, as canonical JSON (explicit float32 roles dropped): what a layer saves.
 * @example
 * rolesToJSON(compileRoles({ weight: { format: 'float8_e4m3fn' }, bias: null })) // { weight: { format: …, rounding: 'rne', … } }
 */
export function rolesToJSON(roles: LayerRoles): RolesSpec {
  const out: RolesSpec = {};
  for (const role of TENSOR_ROLES) {
    const r = roles[role];
    if (r) out[role] = r.json;
  }
  return out;
}

/**
 * Validates a policy strictly (as `compilePolicy` with `tensors: false`) and returns the JSON.
 * @throws RangeError naming the JSON path of the first problem.
 * @example validatePolicy(JSON.parse(text), 'policy.json')
 */
export function validatePolicy(policy: unknown, where = 'policy'): PolicySpec {
  return compilePolicy(policy, { where, tensors: false }).spec;
}

/**
 * The merged roles of one layer as canonical JSON (`default`, then every matching rule; roles set to null dropped).
 * @example resolveLayerRoles(policy, 'dense_1', 'QDense') // { weight: { format: 'fixed(w=8,f=6)' } }
 */
export function resolveLayerRoles(policy: PolicySpec | CompiledPolicy, layerName: string, layerType: string): RolesSpec {
  return rolesToJSON(compilePolicy(policy, { tensors: false }).rolesFor(layerName, layerType));
}

function compileRule(r: unknown, p: string, tensors: boolean): { roles: LayerRoles; matches: (name: string, type: string) => boolean } {
  const rule = asObject(r, p);
  checkKeys(rule, RULE_KEYS, p);
  const match = asObject(rule.match, `${p}.match`);
  checkKeys(match, MATCH_KEYS, `${p}.match`);
  for (const k of MATCH_KEYS) {
    if (match[k] !== undefined && typeof match[k] !== 'string') throw new RangeError(`${p}.match.${k}: must be a string; got ${JSON.stringify(match[k])}`);
  }
  if (match.name === undefined && match.type === undefined) throw new RangeError(`${p}.match: needs 'name' or 'type'`);
  const name = match.name === undefined ? undefined : globRegExp(match.name as string);
  const type = match.type as string | undefined;
  const roles = compileRoles(rule.roles, { where: `${p}.roles`, tensors });
  return { roles, matches: (n, t) => (name === undefined || name.test(n)) && (type === undefined || type === t) };
}

function compileRole(role: TensorRole, q: unknown, p: string, tensors: boolean): CompiledRole {
  const qo = asObject(q, p);
  checkKeys(qo, QUANT_KEYS, p);
  const format = parseRoleFormat(qo.format, `${p}.format`);
  const learned = isLearnedFormat(format);
  if (learned && !FORWARD_ROLES.includes(role)) {
    throw new RangeError(`${p}.format: learned(...) applies to the roles ${FORWARD_ROLES.join(', ')}; got role ${role}`);
  }
  const rounding = qo.rounding === undefined ? 'rne' : checkRoundingMode(p, 'rounding', qo.rounding);
  const modes = learned ? ['rne'] : handlerFor(format).modes;
  if (!modes.includes(rounding)) throw new RangeError(`${p}.rounding: '${rounding}' is not available for ${String(qo.format)}; available: ${modes.join(', ')}`);
  if (qo.seed !== undefined && !Number.isSafeInteger(qo.seed)) throw new RangeError(`${p}.seed: must be an integer; got ${JSON.stringify(qo.seed)}`);
  let backward: EstimatorSpec = { kind: 'identity' };
  if (qo.backward !== undefined) {
    if (!FORWARD_ROLES.includes(role)) throw new RangeError(`${p}.backward: only the roles ${FORWARD_ROLES.join(', ')} have an estimator`);
    backward = parseEstimator(qo.backward as string, `${p}.backward`);
    if (learned && backward.kind !== 'identity') throw new RangeError(`${p}.backward: a learned(...) format passes the gradient straight through; got ${JSON.stringify(qo.backward)}`);
  }
  if (tensors && !learned) {
    if (role === 'accumulator') {
      if (format.kind !== 'float' && format.kind !== 'fixed') throw new RangeError(`${p}.format: the accumulator format must be float or fixed; got ${String(qo.format)}`);
    } else {
      const why = float32Limitation(format);
      if (why) throw new RangeError(`${p}.format: ${String(qo.format)} cannot be held exactly in float32 tensors: ${why}`);
    }
  }
  const formatText = roleFormatToString(format);
  const json: RoleQuantSpec = { ...(qo as unknown as RoleQuantSpec), format: formatText };
  return Object.freeze({ role, format, formatText, rounding, seed: (qo.seed as number | undefined) ?? 0, backward, json });
}

/** A `*`/`?` glob as an anchored RegExp. */
function globRegExp(glob: string): RegExp {
  return new RegExp('^' + glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$');
}

/** True when a `*`/`?` glob matches the whole name. */
export function globMatch(glob: string, name: string): boolean {
  return globRegExp(glob).test(name);
}

function asObject(x: unknown, where: string): Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) throw new RangeError(`${where}: must be an object; got ${JSON.stringify(x)}`);
  return x as Record<string, unknown>;
}

function checkKeys(obj: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const k of Object.keys(obj)) {
    if (!allowed.includes(k)) throw new RangeError(`${where}.${k}: unknown key; allowed: ${allowed.join(', ')}`);
  }
}
