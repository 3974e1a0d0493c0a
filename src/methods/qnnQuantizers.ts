import type { FixedSpec, Pow2Spec } from '../../simulators/formats/formatSpec.js';
import { ap2 } from './ap2.js';

/**
 * QNN's linear quantizer (Hubara et al. 2016, arXiv:1609.07061 §2; methods.md §5.1):
 * LinearQuant(x) = clip(round(x/step)·step, minV, maxV), round half to even.
 * With step = 2^−f, minV = −2^(w−1−f) and maxV = (2^(w−1) − 1)·2^−f it is the simulator's saturating
 * `fixed(w=W,f=F)` with `rne` (tested), which is how a policy asks for it.
 * @throws RangeError when step ≤ 0 or minV > maxV.
 * @example linearQuant(0.3, 0.25, -1, 0.75) // 0.25
 */
export function linearQuant(x: number, step: number, minV: number, maxV: number): number {
  if (!(step > 0) || !(minV <= maxV)) throw new RangeError(`linearQuant: need step > 0 and minV ≤ maxV; got step ${step}, minV ${minV}, maxV ${maxV}`);
  const t = x / step;
  let r = Math.round(t);
  if (r - t === 0.5 && r % 2 !== 0) r -= 1; // Math.round rounds half up; ties go to even
  const v = r * step + 0; // + 0 turns −0 into +0: fixed point has one zero
  return v < minV ? minV : v > maxV ? maxV : v;
}

/**
 * QNN's logarithmic quantizer (methods.md §5.1): LogQuant(x) = clip(AP2(x), minV, maxV), AP2 being BinaryNet's
 * sign(x)·2^round(log2|x|). A policy gets it as a `pow2(min=L,max=H)` format with rounding `log`, which also
 * sends |x| < 2^(L−½) to 0 (tested against this formula on the range where they agree).
 * @throws RangeError when minV > maxV.
 * @example logQuant(0.3, -1, 1) // 0.25
 */
export function logQuant(x: number, minV: number, maxV: number): number {
  if (!(minV <= maxV)) throw new RangeError(`logQuant: need minV ≤ maxV; got ${minV}, ${maxV}`);
  const v = ap2(x);
  return v < minV ? minV : v > maxV ? maxV : v;
}

/**
 * The format of QNN's k-bit linear quantizer on [−1, 1): `fixed(w=k,f=k−1)` (step 2^(1−k), saturating), e.g.
 * k = 2 gives {−1, −½, 0, ½}. For k = 1 use `binary` (QNN's 1-bit case is BinaryNet's sign).
 * @throws RangeError when bits is not an integer in 2..24.
 * @example formatToString(qnnLinearFormat(2)) // 'fixed(w=2,f=1)'
 */
export function qnnLinearFormat(bits: number): FixedSpec {
  if (!Number.isInteger(bits) || bits < 2 || bits > 24) throw new RangeError(`qnnLinearFormat: bits must be an integer in 2..24 (use 'binary' for 1 bit); got ${bits}`);
  return { kind: 'fixed', signed: true, w: bits, f: bits - 1, overflow: 'saturate' };
}

/**
 * The format of QNN's k-bit log quantizer with largest magnitude 2^max: a sign bit and k − 1 index bits give
 * zero plus 2^(k−1) − 1 magnitudes, `pow2(min=max−2^(k−1)+2,max=max)`, rounded with `log`.
 * @throws RangeError when bits is not an integer in 2..8.
 * @example qnnLogFormat(3) // { kind: 'pow2', min: -2, max: 0 }: 0, ±¼, ±½, ±1
 */
export function qnnLogFormat(bits: number, max = 0): Pow2Spec {
  if (!Number.isInteger(bits) || bits < 2 || bits > 8) throw new RangeError(`qnnLogFormat: bits must be an integer in 2..8; got ${bits}`);
  if (!Number.isInteger(max)) throw new RangeError(`qnnLogFormat: max must be an integer; got ${max}`);
  return { kind: 'pow2', min: max - 2 ** (bits - 1) + 2, max };
}
