/**
 * Which form of a k×k layer is counted.
 * @example
 * shiftLayerCounts({ kind: 'salRounded' satisfies ShiftLayerKind, cIn: 64, cOut: 64, k: 3, hIn: 16, wIn: 16, hOut: 16, wOut: 16 })
 */
export type ShiftLayerKind = 'conv' | 'shift' | 'salTraining' | 'salRounded';

/**
 * Geometry of one layer for `shiftLayerCounts` (batch 1, NHWC, stride applied to the output size).
 * @example
 * const spec: ShiftLayerCountSpec = { kind: 'conv', cIn: 64, cOut: 64, k: 3, hIn: 16, wIn: 16, hOut: 16, wOut: 16 };
 */
export interface ShiftLayerCountSpec {
  kind: ShiftLayerKind;
  cIn: number;
  cOut: number;
  /** Kernel / shift-neighbourhood side k (odd). */
  k: number;
  /** Input and output spatial sizes. */
  hIn: number;
  wIn: number;
  hOut: number;
  wOut: number;
  /** SAL only: one attention per input channel. */
  shared?: boolean;
  useBias?: boolean;
  /** salRounded, unshared: how many distinct taps occur (each costs one shifted copy of the input); default k². */
  distinctTaps?: number;
}

/**
 * Parameter, index, MAC and memory-move counts of one layer.
 * @example
 * const { params, indexBits, macs, shiftMoves } = shiftLayerCounts(spec);
 */
export interface ShiftLayerCountReport {
  /** Float parameters (weights, attention logits, bias). */
  params: number;
  /** Shift-index bits: ⌈log₂ k²⌉ per kernel (4 for k = 3). */
  indexBits: number;
  /** Parameters in 32-bit-float equivalents: params + indexBits/32 (the official `resnet20.py` convention). */
  params32: number;
  /** Multiply-accumulates per example. */
  macs: number;
  /** Elements moved (copied to a shifted address) per example, with no multiplier. */
  shiftMoves: number;
}

/**
 * Counts a k×k convolution, a shift layer, and a Shift Attention Layer before (training) and after rounding
 * (Boukli Hacene et al. 2019, arXiv:1905.12300; official `resnet20.py`; methods.md §7.1).
 *
 * | kind          | params (float)                        | index bits                  | MACs                  | shift moves |
 * |---------------|---------------------------------------|-----------------------------|-----------------------|-------------|
 * | `conv`        | k²·C_in·C_out                          | 0                           | Ho·Wo·C_out·k²·C_in   | 0 |
 * | `shift`       | C_in·C_out                             | 0 (fixed by construction)   | Ho·Wo·C_out·C_in      | Hi·Wi·C_in |
 * | `salTraining` | k²·C_in·C_out + k²·C_in·(C_out or 1)   | 0                           | Ho·Wo·C_out·k²·C_in   | 0 |
 * | `salRounded`  | C_in·C_out                             | ⌈log₂k²⌉·C_in·(C_out or 1)  | Ho·Wo·C_out·C_in      | Hi·Wi·C_in·(1 if shared, else distinct taps) |
 *
 * plus C_out bias parameters when `useBias`. A rounded unshared SAL thus has C_in·C_out·(1 + 4/32) float-equivalent
 * parameters, a shared one C_in·C_out + 4·C_in/32, as in `resnet20.py`. The MACs of a SAL are those of a 1×1
 * convolution (the repo's `flops()` still counts k²·; methods.md §7.1 notes this). The shift layer's own offsets
 * are a fixed pattern, so they cost no index bits.
 *
 * Not modelled: the attention's softmax (training only, once per step, not per example); bias adds.
 * @throws RangeError naming the field when a count is not a positive integer or k is even.
 * @example shiftLayerCounts({ kind: 'salRounded', cIn: 16, cOut: 32, k: 3, hIn: 8, wIn: 8, hOut: 8, wOut: 8 }).params32 // 576
 */
export function shiftLayerCounts(spec: ShiftLayerCountSpec): ShiftLayerCountReport {
  const kinds: ShiftLayerKind[] = ['conv', 'shift', 'salTraining', 'salRounded'];
  if (!kinds.includes(spec.kind)) throw new RangeError(`shiftLayerCounts: kind must be one of ${kinds.join(', ')}; got ${JSON.stringify(spec.kind)}`);
  for (const key of ['cIn', 'cOut', 'k', 'hIn', 'wIn', 'hOut', 'wOut'] as const) {
    const v = spec[key];
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`shiftLayerCounts: ${key} must be an integer ≥ 1; got ${v}`);
  }
  const { cIn, cOut, k, hIn, wIn, hOut, wOut } = spec;
  if (k % 2 === 0) throw new RangeError(`shiftLayerCounts: k must be odd; got ${k}`);
  const taps = spec.distinctTaps ?? k * k;
  if (!Number.isInteger(taps) || taps < 1 || taps > k * k) throw new RangeError(`shiftLayerCounts: distinctTaps must be an integer in [1, ${k * k}]; got ${taps}`);
  const heads = spec.shared ? 1 : cOut;
  const bias = spec.useBias ? cOut : 0;
  const pairs = cIn * cOut;
  const outPixels = hOut * wOut;
  const inElems = hIn * wIn * cIn;
  const indexPerKernel = Math.ceil(Math.log2(k * k));
  const base = { params: 0, indexBits: 0, macs: 0, shiftMoves: 0 };
  const r = (() => {
    switch (spec.kind) {
      case 'conv': return { ...base, params: k * k * pairs + bias, macs: outPixels * pairs * k * k };
      case 'shift': return { ...base, params: pairs + bias, macs: outPixels * pairs, shiftMoves: inElems };
      case 'salTraining': return { ...base, params: k * k * pairs + k * k * cIn * heads + bias, macs: outPixels * pairs * k * k };
      case 'salRounded': return {
        params: pairs + bias, indexBits: indexPerKernel * cIn * heads, macs: outPixels * pairs,
        shiftMoves: inElems * (spec.shared ? 1 : taps),
      };
    }
  })();
  return { ...r, params32: r.params + r.indexBits / 32 };
}
