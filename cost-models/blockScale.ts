import type { Arith } from './arith.js';
import type { EnergyModel } from './energyModel.js';
import type { BlockView, MulGroup, OperandFormat } from './opTrace.js';

/**
 * The scale arithmetic of block-scaled operands (OCP MX, NVFP4, per-channel and block scaling). A dot product of
 * block-scaled vectors is Σ_blocks X_a·X_b·Σ_i P_a,i·P_b,i (OCP Microscaling Formats v1.0 §6.2, "Dot product"):
 * the element products and their accumulation are priced as for scalar operands (the element formats give the
 * multiplier), and each block adds one scale multiply, applied to the block's partial sum:
 *
 * | scale unit        | one scale multiply costs                                 | examples                      |
 * |-------------------|----------------------------------------------------------|-------------------------------|
 * | `pow2`            | an integer add of the scale's bits (exponent add)        | E8M0 (MX): 8-bit add          |
 * | `float` (e, m)    | a float multiply of the scale format                     | UE4M3 (NVFP4), float32 scales |
 * | `int` (bits)      | an integer multiply of two scale-width operands           | integer scales                |
 *
 * Count per group of `count` products: blocks of numeric size K (both operands blocked: the smaller K, their two
 * scales combined into one multiply, X_a·X_b) give count / K multiplies; a per-row or per-tensor scale (`line`) is
 * applied once per dot product, count / fanIn (after accumulation, as per-channel dequantization); NVFP4's
 * per-tensor float32 scale adds count / fanIn float32 multiplies. Elementwise products (no fan-in) count one
 * dot product per product. Unit energies are the model's (`horowitz45nm`: Horowitz, "Computing's energy
 * problem", ISSCC 2014, 45 nm; `qtools`: QKeras QTools). Memory: a block operand stores its element bits plus
 * scale bits / K per element (`storageBitsOf`). Not modelled: converting the scale product to the accumulator's
 * format, and the amax reduction and scale computation of quantization (done once per block when the data are
 * written).
 * @example blockScaleOps(macGroupOf(mxfp4, mxfp4), 4608) // [{ count: count / 32, scale: { kind: 'pow2' }, bits: 8 }]
 */
export interface ScaleOps {
  readonly count: number;
  readonly scale: BlockView['scale'];
  readonly bits: number;
}

/** The scale multiplies of one group of products (see the table). */
export function blockScaleOps(g: Pick<MulGroup, 'a' | 'b' | 'count'>, fanIn: number): ScaleOps[] {
  const blocked = [g.a.format, g.b.format].filter((f): f is OperandFormat & { block: BlockView } => f.block !== undefined);
  if (blocked.length === 0 || g.count === 0) return [];
  const perDot = g.count / Math.max(1, fanIn);
  const out: ScaleOps[] = [];
  const numeric = blocked.filter((f) => f.block.size !== 'line');
  if (numeric.length) {
    const K = Math.min(...numeric.map((f) => f.block.size as number));
    out.push({ count: g.count / K, ...combinedScale(numeric.map((f) => f.block)) });
  }
  for (const f of blocked) {
    if (f.block.size === 'line') out.push({ count: perDot, scale: f.block.scale, bits: f.block.scaleBits });
    if (f.block.tensorScale) out.push({ count: perDot, scale: { kind: 'float', e: 8, m: 23 }, bits: 32 });
  }
  return out;
}

/** The unit that multiplies the scales of one block pair: an exponent add if all are powers of two, else the widest. */
function combinedScale(blocks: readonly BlockView[]): Pick<ScaleOps, 'scale' | 'bits'> {
  const bits = Math.max(...blocks.map((b) => b.scaleBits));
  const floats = blocks.map((b) => b.scale).filter((s) => s.kind === 'float');
  if (floats.length) return { scale: { kind: 'float', e: Math.max(...floats.map((s) => s.e)), m: Math.max(...floats.map((s) => s.m)) }, bits };
  if (blocks.some((b) => b.scale.kind === 'int')) return { scale: { kind: 'int', bits }, bits };
  return { scale: { kind: 'pow2' }, bits };
}

/** Energy of one scale multiply. */
export function scaleMultiplyPj<T>(model: EnergyModel, A: Arith<T>, op: ScaleOps): T {
  switch (op.scale.kind) {
    case 'pow2':
      return model.intAddPj(A, A.c(op.bits));
    case 'float':
      return model.floatMulPj(A, op.scale.e, op.scale.m);
    case 'int':
      return model.intMulPj(A, A.c(op.bits), A.c(op.bits));
  }
}

/** Storage overhead of a block operand per element: scale bits / K (0 for per-row and per-tensor scales). */
export function scaleBitsPerElement(f: OperandFormat): number {
  const b = f.block;
  return b === undefined || b.size === 'line' ? 0 : b.scaleBits / b.size;
}
