import type { FloatSpec, FormatSpec } from '../../../simulators/formats/formatSpec.js';
import type { QuantizedLine } from '../../../simulators/formats/blockOps.js';
import { scaleValue } from '../../../simulators/formats/_block/scaleFormat.js';
import { quantizeRational } from '../../../simulators/quantize.js';
import { handlerFor } from '../../../simulators/registry.js';
import { pow2 } from '../../../simulators/_internal/bits.js';
import type { BlockTestOp } from '../blockTestOp.js';
import { qOf } from '../_internal/rational.js';

/**
 * What the block tests need to read a unit's codes as values: the value of a scale code in each block family, the
 * per-tensor scale of NVFP4 (not on a test line: a unit computes it from the inputs), and the divisor of a block's
 * elements. The rules are those of docs/block-formats.md (OCP MX v1.0 E8M0; NVFP4's unsigned E4M3 block scale
 * and float32 tensor scale; `scaled`'s scale formats).
 */

const UE4M3: FloatSpec = { kind: 'float', e: 4, m: 3, subnormals: 'on', specials: 'fn', overflow: 'saturate' };
const F32_SAT: FloatSpec = { kind: 'float', e: 8, m: 23, subnormals: 'on', specials: 'ieee', overflow: 'saturate' };

/**
 * The value of a scale code (NaN for a NaN scale); undefined for a code that is no scale of the format (an NVFP4
 * block scale with the sign bit set, a pow2 index beyond the NaN index). `undefined` code: the `NAN` token of a
 * scale format without a NaN code.
 */
export function scaleOfCode(bt: BlockTestOp, code: bigint | undefined): number | undefined {
  if (code === undefined) return NaN;
  const spec = bt.spec as FormatSpec & { scale?: FormatSpec };
  switch (spec.kind) {
    case 'mx':
      return code === 0xffn ? NaN : pow2(Number(code) - 127);
    case 'nvfp4':
      return code > 0x7fn ? undefined : handlerFor(UE4M3).decode(UE4M3, code);
    case 'scaled':
      try {
        return scaleValue(spec.scale!, code);
      } catch {
        return undefined;
      }
    default:
      throw new RangeError(`block tests: no scale reader for format kind '${spec.kind}'`);
  }
}

/**
 * NVFP4's per-tensor scale of a line (docs/block-formats.md): T = max |x|; s_t = float32-RNE(T / 2688), saturating;
 * 0 becomes 2^−149; T = 0 gives 1; NaN when an input is NaN or infinite. 1 for every other family.
 */
export function tensorScaleOf(bt: BlockTestOp, xs: readonly number[]): number {
  if (bt.spec.kind !== 'nvfp4') return 1;
  let T = 0;
  for (const x of xs) {
    if (!Number.isFinite(x)) return NaN;
    T = Math.max(T, Math.abs(x));
  }
  if (T === 0) return 1;
  const q = qOf(T);
  const s = quantizeRational(F32_SAT, q.n, q.d * 2688n).value;
  return s === 0 ? pow2(-149) : s;
}

/** The number each element of block b was divided by before rounding: the scale (NVFP4: s_t × s_b). */
export function blockDivisor(bt: BlockTestOp, q: QuantizedLine, b: number, tensorScale: number): number {
  return q.scales[b]! * tensorScale;
}

/** A block's values from its codes (scale, zero point, elements): NaN under a NaN scale; undefined for a bad code. */
export function blockValues(bt: BlockTestOp, scale: bigint | undefined, zero: bigint | undefined, codes: readonly bigint[], tensorScale: number): Array<number | undefined> {
  const s = scaleOfCode(bt, scale);
  if (s === undefined) return codes.map(() => undefined);
  if (Number.isNaN(s)) return codes.map(() => NaN);
  return codes.map((c) => {
    try {
      return bt.ops.decodeBlock(bt.spec, { scale: scale!, zero, tensorScale }, [c])[0];
    } catch {
      return undefined;
    }
  });
}
