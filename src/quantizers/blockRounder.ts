import type { FormatSpec } from '../../simulators/formats/formatSpec.js';
import type { TensorRole } from '../../cost-models/tensorRole.js';
import { handlerFor } from '../../simulators/registry.js';
import { quantizeBlocked } from '../../simulators/blockQuantize.js';
import { assertFloat32Exact } from './float32Exact.js';
import type { ValueRounder } from './valueQuantizer.js';

/** Roles shaped like a layer's parameters (a Dense kernel [in, out], a Conv2D kernel [kh, kw, in, out]). */
const PARAMETER_ROLES: readonly TensorRole[] = ['weight', 'gradient', 'momentum', 'update'];

/**
 * How a block-scaled format is laid over a tensor of a role (row-major shapes, channels last): the shape the
 * blocks see and the axis they run along.
 *
 * | layout   | role                                          | blocked along                                          |
 * |----------|-----------------------------------------------|--------------------------------------------------------|
 * | K        | weight, gradient, momentum, update (rank ≥ 2) | the reduction axis of the layer's matmul: Dense [in, out] along in; Conv2D [kh, kw, in, out] along the flattened kh·kw·in (im2col's reduction), as [kh·kw·in, out] |
 * | K        | activation, error, bias, rank-1 tensors       | the last axis: the reduction axis of the next matmul (features; NHWC channels) |
 * | channel  | any                                           | one scale per index of the last axis: per output channel (weights), per feature/channel |
 * | tensor   | any                                           | one scale                                              |
 *
 * A spec's own `axis=K` wins (on the tensor's own shape). This is OCP MX's rule for matmuls (both operands
 * blocked along the reduction dimension: Rouhani et al. 2023, arXiv:2310.10537 §3) and QKeras/Brevitas'
 * per-output-channel weight scales.
 * @example blockLayoutFor(parseFormat('mxfp4_e2m1'), 'weight', [3, 3, 16, 32]) // { shape: [144, 32], axis: 0 }
 */
export function blockLayoutFor(spec: FormatSpec, role: TensorRole, shape: readonly number[]): { shape: readonly number[]; axis: number } {
  const ops = handlerFor(spec).block;
  if (!ops) throw new RangeError(`blockLayoutFor: format kind ${spec.kind} is not block-scaled`);
  const own = ops.axis(spec);
  if (own !== undefined) return { shape, axis: own };
  const layout = ops.layout(spec);
  if (typeof layout === 'number' && PARAMETER_ROLES.includes(role) && shape.length >= 2) {
    const out = shape[shape.length - 1]!;
    return { shape: [shape.slice(0, -1).reduce((a, b) => a * b, 1), out], axis: 0 };
  }
  return { shape, axis: -1 };
}

/**
 * The `ValueRounder` of a block-scaled role format (`scaled`, `mx`, `nvfp4`): each call quantizes the tensor it is
 * given with `quantizeBlocked` as `blockLayoutFor(spec, role, shape)` lays it out, so the tensor path is the simulator, bit for
 * bit. The scale is computed from the data at every call (QKeras `quantized_bits(alpha='auto')`, Brevitas
 * runtime statistics); the straight-through estimator treats it as a constant, so dL/dx passes through the scale
 * as through the rounding. Not modelled: a value that needs more than float32's 24 significant bits (a float32
 * scale times an integer element, NVFP4's two scales) is stored rounded to float32, as a float32 dequantization.
 * @throws RangeError when float32 cannot hold the element or scale formats (`float32Limitation`).
 */
export function blockRounder(spec: FormatSpec, role: TensorRole, key: string): ValueRounder {
  assertFloat32Exact(spec, `RoleQuantizer(${key})`);
  return {
    currentSpec: () => spec,
    round: (values, shape, o) => {
      const L = blockLayoutFor(spec, role, shape);
      return quantizeBlocked(spec, values, L.shape, { axis: L.axis, rounding: o.rounding, rng: o.rng, out: o.out, counts: o.counts });
    },
  };
}
