import type { OperandFormat } from '../../../cost-models/opTrace.js';
import { toOperandFormat } from '../../../cost-models/operandFormat.js';
import { TENSOR_ROLES, type TensorRole } from '../../../cost-models/tensorRole.js';
import { compileRoles, type CompiledPolicy, type CompiledRole, type LayerRoles } from '../../policy/compilePolicy.js';
import type { LearnedFormatSpec } from '../../policy/learnedFormat.js';
import type { RolesSpec } from '../../policy/policySpec.js';
import type { LayerConfig } from './layerConfig.js';

/** The formats one layer is priced with: an operand format per role that has one, and the accumulator's role. */
export interface LayerFormats {
  formats: Partial<Record<TensorRole, OperandFormat>>;
  accumulator?: CompiledRole;
}

/**
 * The formats of one layer, as the model holds them, then overridden by a what-if policy:
 *
 * | source (later wins per role) | what                                                                    |
 * |------------------------------|-------------------------------------------------------------------------|
 * | class formats                | formats a class fixes (`LayerHandler.ownRoles`, e.g. ByteInput's bytes)  |
 * | the layer's config           | a quantized layer's saved `precision`, with its `quantState` (learned widths) |
 * | what-if policy               | every role it sets for the layer (`null`: float32); input layers only by a rule naming them |
 *
 * A learned width (`learned(...)`) is priced as an integer of the trained width: the saved width of that role
 * (rounded up; with per-channel widths the widest channel, which a fixed-width datapath needs), or `init` when the
 * layer holds none (a what-if on a layer that never learned one).
 * @throws RangeError naming the layer when its config holds a bad role.
 */
export function layerFormats(cfg: LayerConfig, kind: 'compute' | 'view' | 'input', classRoles: RolesSpec | undefined, policy: CompiledPolicy | undefined): LayerFormats {
  const where = `profileModel: layer '${cfg.layer}' (${cfg.className})`;
  const own = classRoles ? compileRoles(classRoles, { where: `${where} class formats`, tensors: false }) : {};
  const held = compileRoles(withoutEstimators(cfg.get('precision') ?? {}), { where: `${where} config.precision`, tensors: false });
  const whatIf: LayerRoles = policy ? policy.rolesFor(cfg.layer, cfg.className, { withDefault: kind !== 'input' }) : {};
  const state = cfg.get('quant_state');
  const out: LayerFormats = { formats: {} };
  for (const role of TENSOR_ROLES) {
    const r = Object.hasOwn(whatIf, role) ? whatIf[role] : (held[role] ?? own[role]);
    if (!r) continue;
    if (role === 'accumulator') out.accumulator = r;
    out.formats[role] = r.format.kind === 'learned' ? learnedOperand(r.format, savedWidths(state, role)) : toOperandFormat(r.format);
  }
  return out;
}

/** An integer operand as wide as the learned width (its widest channel, rounded up), or `init` without one. */
function learnedOperand(f: LearnedFormatSpec, widths: number[] | undefined): OperandFormat {
  const bits = widths?.length ? Math.max(...widths) : f.init;
  return toOperandFormat({ kind: 'fixed', signed: true, w: Math.ceil(bits), f: 0, overflow: 'saturate' });
}

/** The saved widths of a role (`quantState[role].bits`), if the layer holds some. */
function savedWidths(state: unknown, role: TensorRole): number[] | undefined {
  if (typeof state !== 'object' || state === null || !Object.hasOwn(state, role)) return undefined;
  const bits = (state as Record<string, { bits?: unknown } | undefined>)[role]?.bits;
  const xs = typeof bits === 'number' ? [bits] : Array.isArray(bits) ? bits : [];
  return xs.length && xs.every((x) => typeof x === 'number' && Number.isFinite(x) && x > 0) ? (xs as number[]) : undefined;
}

/**
 * A layer config's roles without their `backward` estimators: the estimator does not change the cost, and
 * `model.toJSON()` snake-cases string values ('swishSign(beta=5)' becomes 'swish_sign(beta=5)').
 */
function withoutEstimators(roles: unknown): unknown {
  if (roles === null || typeof roles !== 'object' || Array.isArray(roles)) return roles;
  const strip = (q: unknown) => {
    if (q === null || typeof q !== 'object' || Array.isArray(q)) return q;
    const { backward: _estimator, ...rest } = q as Record<string, unknown>;
    return rest;
  };
  return Object.fromEntries(Object.entries(roles).map(([role, q]) => [role, strip(q)]));
}
