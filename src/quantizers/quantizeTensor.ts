import * as tf from '@tensorflow/tfjs';
import type { FixedSpec, FormatSpec } from '../../simulators/formats/formatSpec.js';
import { parseFormat } from '../../simulators/formats/parseFormat.js';
import { quantizeArray } from '../../simulators/quantize.js';
import { quantizeBlocked } from '../../simulators/blockQuantize.js';
import { handlerFor } from '../../simulators/registry.js';
import { Rng } from '../../simulators/random/rng.js';
import { checkRoundingMode, type RoundingMode } from '../../simulators/rounding/roundingMode.js';
import { assertFloat32Exact } from './float32Exact.js';
import { parseEstimator, type EstimatorSpec } from './estimatorSpec.js';
import { fakeQuant, type ArrayQuantizer } from './fakeQuant.js';

/**
 * How one direction is rounded: a rounding mode and, for `sr`, a seed (fresh generator per call) or a shared Rng.
 * @example
 * quantizeTensor(x, 'bfloat16', { rounding: 'sr', seed: 1 })
 */
export interface TensorRoundingOptions {
  rounding?: RoundingMode;
  seed?: number;
  rng?: Rng;
  /** Block-scaled formats (scaled, mx, nvfp4): the blocked axis (default the spec's `axis=`, else the last axis). */
  axis?: number;
}

/**
 * Options of `quantizeTensor`.
 * @example
 * quantizeTensor(x, 'binary', { backward: 'clipped', error: { format: 'bfloat16' } })
 */
export interface QuantizeTensorOptions extends TensorRoundingOptions {
  /** Straight-through estimator of the backward pass (default `identity`). */
  backward?: EstimatorSpec | string;
  /** Quantize the incoming gradient dL/dq (the back-propagated error) into this format before the estimator. */
  error?: TensorRoundingOptions & { format: FormatSpec | string };
}

/**
 * The quantize op: forward rounds x into `format` exactly as the simulator's `quantizeArray` does (bit for bit);
 * backward applies a straight-through estimator (`identity`, `clipped`, `approxSign`, `swishSign(β)`), after
 * optionally quantizing the incoming error into a format of its own (QPyTorch's `quantizer(forward_number,
 * backward_number)`). `format` null leaves the forward pass unchanged (error quantization only).
 *
 * Stochastic rounding (`sr`) needs `seed` (a fresh generator each call, so equal calls give equal bits) or `rng`
 * (a generator that each call advances, one draw per element in row-major order). A `dfixed` format is rounded
 * as the signed fixed format with its given `f`; the per-layer range updates live in `RoleQuantizer`. A
 * block-scaled format is `quantizeBlocked` on the tensor's shape along `axis` (scale from the data, treated as a
 * constant by the estimator).
 * Not modelled: float64 inputs (tensors are float32); formats float32 cannot hold exactly are rejected.
 * @throws RangeError for a format float32 cannot hold exactly, a bad rounding mode or `sr` without seed/rng.
 * @example quantizeTensor(tf.tensor([0.3, 500]), 'float8_e4m3fn') // [0.3125, NaN] (the preset overflows to NaN, as ml_dtypes)
 * @example quantizeTensor(w, 'binary', { backward: 'clipped' }) // BinaryNet weights (once a binary simulator exists)
 */
export function quantizeTensor<T extends tf.Tensor>(x: T, format: FormatSpec | string | null, options: QuantizeTensorOptions = {}): T {
  if (!(x instanceof tf.Tensor)) throw new TypeError(`quantizeTensor: x must be a tf.Tensor; got ${Object.prototype.toString.call(x)}`);
  if (x.dtype !== 'float32') throw new TypeError(`quantizeTensor: x must have dtype float32; got ${x.dtype}`);
  const fwd = format === null ? null : arrayQuantizer('quantizeTensor', 'format', format, options, x.shape);
  const bwd = options.error === undefined ? null : arrayQuantizer('quantizeTensor', 'options.error.format', options.error.format, options.error, x.shape);
  const estimator = parseEstimator(options.backward ?? 'identity', 'quantizeTensor: options.backward');
  return fakeQuant(x, fwd, bwd, estimator) as T;
}

/** The simulator spec used for a format on float32 data (dfixed → its current signed fixed format). */
export function tensorFormat(spec: FormatSpec): FormatSpec {
  if (spec.kind !== 'dfixed') return spec;
  const fixed: FixedSpec = { kind: 'fixed', signed: true, w: spec.w, f: spec.f, overflow: spec.overflow };
  return fixed;
}

/** Checks a format and rounding options and returns the array quantizer of one direction. */
export function arrayQuantizer(fn: string, arg: string, format: FormatSpec | string, opts: TensorRoundingOptions, shape?: readonly number[]): ArrayQuantizer {
  let spec: FormatSpec;
  try {
    spec = tensorFormat(typeof format === 'string' ? parseFormat(format) : format);
  } catch (e) {
    throw new RangeError(`${fn}: ${arg}: ${(e as Error).message}`);
  }
  assertFloat32Exact(spec, fn);
  const rounding = checkRoundingMode(fn, `${arg.replace(/format$/, '')}rounding`, opts.rounding ?? 'rne');
  if (rounding === 'sr' && opts.rng === undefined && opts.seed === undefined) {
    throw new RangeError(`${fn}: rounding 'sr' for ${arg} needs a seed (an integer) or an rng; got neither`);
  }
  if (opts.seed !== undefined && !Number.isSafeInteger(opts.seed)) throw new RangeError(`${fn}: seed must be a safe integer; got ${opts.seed}`);
  // validate mode × format once now, so that errors surface at the call and not inside the backward pass
  quantizeArray(spec, new Float32Array(1), { rounding, rng: new Rng(0) });
  const blocked = shape !== undefined && handlerFor(spec).block !== undefined;
  // the axis is checked now too (a one-element tensor of the same rank)
  if (blocked) quantizeBlocked(spec, new Float32Array(1), shape.map(() => 1), { axis: opts.axis, rounding, rng: new Rng(0) });
  return (values) => {
    const rng = rounding !== 'sr' ? undefined : (opts.rng ?? new Rng(opts.seed!));
    if (blocked) return quantizeBlocked(spec, values, shape, { axis: opts.axis, rounding, rng, out: values });
    return quantizeArray(spec, values, { rounding, rng, out: values });
  };
}
