/**
 * BinaryConnect's "Glorot" learning-rate scale of a kernel (Courbariaux et al. 2015, code `binary_connect.py`;
 * BinaryNet Algorithm 1's γ_k; methods.md §3.2, §4.2): W_LR_scale = 1/√(1.5/(fan_in + fan_out)).
 * The kernel's update is multiplied by it (biases and batch-norm parameters are not scaled).
 *
 * | kernel shape           | fan_in        | fan_out        |
 * |------------------------|---------------|----------------|
 * | [in, out] (dense)      | in            | out            |
 * | [kh, kw, cin, cout]    | kh·kw·cin     | kh·kw·cout     |
 *
 * @throws RangeError for a shape that is not 2-D or 4-D with positive integer sizes.
 * @example glorotLrScale([784, 1024]) // 1/√(1.5/1808) ≈ 34.72
 */
export function glorotLrScale(kernelShape: readonly number[]): number {
  const ok = Array.isArray(kernelShape) && (kernelShape.length === 2 || kernelShape.length === 4) && kernelShape.every((d) => Number.isInteger(d) && d >= 1);
  if (!ok) throw new RangeError(`glorotLrScale: kernelShape must be [in, out] or [kh, kw, cin, cout] with integers ≥ 1; got ${JSON.stringify(kernelShape)}`);
  let fanIn: number;
  let fanOut: number;
  if (kernelShape.length === 2) [fanIn, fanOut] = kernelShape as [number, number];
  else {
    const [kh, kw, cin, cout] = kernelShape as [number, number, number, number];
    fanIn = kh * kw * cin;
    fanOut = kh * kw * cout;
  }
  return 1 / Math.sqrt(1.5 / (fanIn + fanOut));
}
