import type { FormatSpec } from '../../simulators/formats/formatSpec.js';
import type { CompiledRole } from '../policy/compilePolicy.js';
import { LearnedQuantizer } from './learnedQuantizer.js';
import type { RoleQuantizer, RoleQuantizerContext, RoleQuantizerFactory } from './roleQuantizer.js';
import { dynamicFixedRounder, staticRounder, ValueQuantizer } from './valueQuantizer.js';

/**
 * Role-format kinds that own state, by format kind (one registry, one line per kind). Every other simulator format
 * is static: `ValueQuantizer` over `staticRounder`, so a stateless format family needs no line here. A family with
 * state over an axis (a scale per channel or per block) adds its line, with a `ValueRounder` that reads the shape.
 */
const STATEFUL_KINDS = new Map<string, RoleQuantizerFactory>([
  ['dfixed', (role, ctx) => new ValueQuantizer(role, ctx, dynamicFixedRounder(role.format as Extract<FormatSpec, { kind: 'dfixed' }>, ctx.key, ctx.dfixed))],
  ['learned', (role, ctx) => new LearnedQuantizer(role, ctx)],
]);

/**
 * The quantizer of one compiled role (see `RoleQuantizer`), picked by its format's kind.
 * @throws RangeError for a format float32 tensors cannot hold exactly.
 * @example createRoleQuantizer(compileRoles({ weight: { format: 'dfixed(w=10)' } }).weight!, { key: 'dense_1/weight', seed: 3 })
 */
export function createRoleQuantizer(role: CompiledRole, ctx: RoleQuantizerContext): RoleQuantizer {
  const make = STATEFUL_KINDS.get(role.format.kind);
  if (make) return make(role, ctx);
  return new ValueQuantizer(role, ctx, staticRounder(role.format as FormatSpec, ctx.key, role.role !== 'accumulator'));
}
