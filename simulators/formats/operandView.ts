/**
 * The cost-relevant view of a number format, as its family module states it (`FormatFamily.operand`): what the
 * hardware stores and which arithmetic unit a product of it implies. Cost models read formats only through this
 * view (cost-models/opTrace.ts calls it `OperandFormat`), never through quantizer code.
 *
 * | kind      | families                    | bits (element width)  | extra                              |
 * |-----------|-----------------------------|-----------------------|------------------------------------|
 * | `float`   | float; scaled/mx float elements | 1 + e + m         | e, m                               |
 * | `int`     | fixed, ufixed, dfixed       | w                     |                                    |
 * | `pow2`    | pow2(min, max)              | 1 + ⌈log2(span + 2)⌉  | span = max − min                   |
 * | `binary`  | binary                      | 1                     |                                    |
 * | `ternary` | ternary                     | 2                     |                                    |
 *
 * A block-scaled format (scaled, mx, nvfp4) is its element's view plus `block`: the elements that share one scale,
 * the scale's storage bits and the unit that applies it. Its memory costs `bits + scaleBits / size` per element
 * (`storageBitsOf`); a dot product pays one scale multiply per block (an exponent add for a power-of-two scale).
 * Not modelled: rounding, special values and zero points do not change the hardware cost and are dropped.
 * @example
 * toOperandFormat(parseFormat('float8_e4m3fn')) // { kind: 'float', bits: 8, e: 4, m: 3 }
 */
export type OperandView =
  | { readonly kind: 'float'; readonly bits: number; readonly e: number; readonly m: number; readonly block?: BlockView }
  | { readonly kind: 'int'; readonly bits: number; readonly block?: BlockView }
  | { readonly kind: 'pow2'; readonly bits: number; readonly span: number; readonly block?: BlockView }
  | { readonly kind: 'binary'; readonly bits: 1; readonly block?: BlockView }
  | { readonly kind: 'ternary'; readonly bits: 2; readonly block?: BlockView };

/**
 * How a block-scaled operand shares its scale.
 * - `size`: elements per scale along the reduction axis, or `line` when one scale covers a whole row or tensor
 *   (per-channel and per-tensor scales: applied once per dot product, after accumulation);
 * - `scaleBits`: storage of one scale (8 for E8M0 and E4M3; 32 for a float32 scale; plus a zero point's bits);
 * - `scale`: the unit that applies it: `pow2` (an exponent add, OCP MX E8M0), `float` (a float multiply of
 *   `e`, `m`), `int` (an integer multiply of `scaleBits`);
 * - `tensorScale`: a second, per-tensor float32 scale (NVFP4), applied once per dot product.
 * @example
 * toOperandFormat(parseFormat('mxfp4_e2m1')).block // the shared scale: its bits and the block size
 */
export interface BlockView {
  readonly size: number | 'line';
  readonly scaleBits: number;
  readonly scale: { readonly kind: 'pow2' } | { readonly kind: 'float'; readonly e: number; readonly m: number } | { readonly kind: 'int'; readonly bits: number };
  readonly tensorScale?: boolean;
}

/**
 * Storage bits per element of an operand: the element width plus its share of the block's scale.
 * @example storageBitsOf({ kind: 'float', bits: 4, e: 2, m: 1, block: { size: 32, scaleBits: 8, scale: { kind: 'pow2' } } }) // 4.25
 */
export function storageBitsOf(v: OperandView): number {
  const b = v.block;
  return b === undefined || b.size === 'line' ? v.bits : v.bits + b.scaleBits / b.size;
}
