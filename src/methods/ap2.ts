import * as tf from '@tensorflow/tfjs';
import type { Pow2Spec } from '../../simulators/formats/formatSpec.js';

/**
 * The pow2 format AP2 rounds into on float32 data: every power of two a float32 can hold, 2^−149 … 2^127.
 * `ap2(x)` equals the simulator's `quantize(AP2_FORMAT, x, { rounding: 'log' })` for every float32 x (tested).
 * @example
 * quantize(AP2_FORMAT, 0.3, { rounding: 'log' }) // 0.25, as ap2(0.3)
 */
export const AP2_FORMAT: Pow2Spec = { kind: 'pow2', min: -149, max: 127 };

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** 2^k for integer k in −1074..1023 (exact: built by exponent bits; subnormals by scaling). */
function pow2(k: number): number {
  if (k >= -1022) {
    u32[HI] = (k + 1023) << 20;
    u32[1 - HI] = 0;
    return f64[0]!;
  }
  return pow2(k + 64) / 18446744073709551616; // 2^64: exact for subnormal results
}

/** floor(log2 a) for a finite double a > 0, from its exponent bits. */
function floorLog2(a: number): number {
  f64[0] = a;
  const be = (u32[HI]! >>> 20) & 0x7ff;
  if (be !== 0) return be - 1023;
  f64[0] = a * 18446744073709551616;
  return ((u32[HI]! >>> 20) & 0x7ff) - 1023 - 64;
}

/**
 * BinaryNet's approximate power of two (Courbariaux, Hubara et al. 2016, arXiv:1602.02830, §4.3 of methods.md):
 * AP2(x) = sign(x)·2^round(log2|x|), the operand that turns a multiplication into a shift.
 *
 * Rounding in the log domain: for 2^k ≤ |x| < 2^(k+1) the result is 2^(k+1) when |x| ≥ √2·2^k, else 2^k (the
 * tie |x| = √2·2^k cannot occur: √2 is irrational). Exponents are clipped to [−149, 127] (float32's powers of
 * two): |x| ≥ √2·2^127 gives ±2^127. AP2(0) = 0; NaN gives 0, as the simulator's pow2 format.
 * Not modelled: an AP2 unit's own exponent width (use a narrower pow2 format through the policy for that).
 * @example ap2(0.7) // 0.5 (0.7 < √2·0.5)
 * @example ap2(-3) // -4
 */
export function ap2(x: number): number {
  if (x === 0 || Number.isNaN(x)) return 0;
  const a = Math.abs(x);
  let e: number;
  if (a === Infinity) e = 127;
  else {
    const k = floorLog2(a);
    // a/2^k ∈ [1, 2) is exact; Math.SQRT2 is the double just above √2, so the test is exact
    e = a / pow2(k) >= Math.SQRT2 ? k + 1 : k;
    if (e > 127) e = 127;
    else if (e < -149) return 0; // only for doubles below float32's range
  }
  const v = pow2(e);
  return x < 0 ? -v : v;
}

/**
 * AP2 of every element, into `out` (default a new array of the same type).
 * @throws TypeError when xs is not a Float32Array/Float64Array; RangeError when out has another length.
 * @example ap2Array(new Float32Array([0.7, -3])) // Float32Array [0.5, -4]
 */
export function ap2Array<T extends Float32Array | Float64Array>(xs: T, out?: T): T {
  if (!(xs instanceof Float32Array || xs instanceof Float64Array)) {
    throw new TypeError(`ap2Array: xs must be a Float32Array or Float64Array; got ${Object.prototype.toString.call(xs)}`);
  }
  const o = out ?? (new (xs.constructor as new (n: number) => T)(xs.length));
  if (o.length !== xs.length) throw new RangeError(`ap2Array: out has length ${o.length}; expected ${xs.length}`);
  for (let i = 0; i < xs.length; i++) o[i] = ap2(xs[i]!);
  return o;
}

/**
 * AP2 as a graph op: forward AP2 of every element, backward the identity (straight-through), as in the shift-based
 * batch norm and AdaMax of BinaryNet, where the gradient is taken as if the multiplication were exact.
 * @throws TypeError when x is not a float32 tf.Tensor.
 * @example ap2Tensor(tf.tensor([0.7, -3])) // [0.5, -4]
 */
export function ap2Tensor<T extends tf.Tensor>(x: T): T {
  if (!(x instanceof tf.Tensor) || x.dtype !== 'float32') {
    throw new TypeError(`ap2Tensor: x must be a float32 tf.Tensor; got ${x instanceof tf.Tensor ? x.dtype : Object.prototype.toString.call(x)}`);
  }
  const op = tf.customGrad((...args: unknown[]) => {
    const input = args[0] as tf.Tensor;
    const value = tf.tensor(ap2Array(input.dataSync() as Float32Array), input.shape, 'float32');
    return { value, gradFunc: (dy: tf.Tensor | tf.Tensor[]) => [(dy as tf.Tensor).clone()] };
  });
  return op(x) as T;
}
