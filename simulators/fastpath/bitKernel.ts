import { FLAG_O, FLAG_U, FLAG_X } from '../_internal/flags.js';
import { CHUNK, type FastCounts } from './fastCounts.js';

export type { FastCounts } from './fastCounts.js';

const b32 = new Float32Array(1);
const u32 = new Uint32Array(b32.buffer);

/** The float32 bits of Math.fround(x) as an int32 (so that loops compare and combine int32 values only). */
export function bitsOf(x: number): number {
  b32[0] = x;
  return u32[0]! | 0;
}

/**
 * The rounding increment of the bit kernels, per mode, as masks that select terms without branches: with
 * mask = 2^s − 1 the bits cut, h = mask >> 1 (half − 1), sign bit sg and ms = −sg,
 * bias = (h & halfOn) + (oneP ^ (oneX & ms)) + (mask & (selP ^ (selX & ms))) + (lsb & lsbOn):
 *
 * | mode | bias for x > 0 / x < 0                  |
 * |------|-----------------------------------------|
 * | rne  | h + lsb (the kept lsb: ties to even)     |
 * | rna  | h + 1                                   |
 * | rhu  | h + 1 / h                               |
 * | rtz  | 0                                       |
 * | raz  | mask                                    |
 * | rup  | mask / 0                                |
 * | rdn  | 0 / mask                                |
 * | rto  | 0, then the kept lsb is set when inexact (rtoOn) |
 * | sr   | mask − floor(u·2^s): carries iff u < cut/2^s, the scalar verdict, exactly |
 */
export interface SignedBias {
  halfOn: number;
  oneP: number;
  oneX: number;
  selP: number;
  selX: number;
  lsbOn: number;
  rtoOn: number;
}

/** The bias selectors of a mode code (see `decideUp.ts`). */
export function signedBias(mc: number): SignedBias {
  const oneP = mc === 1 || mc === 2 ? 1 : 0;
  const oneN = mc === 1 ? 1 : 0;
  const selP = mc === 4 || mc === 5 ? -1 : 0;
  const selN = mc === 4 || mc === 6 ? -1 : 0;
  return {
    halfOn: mc <= 2 ? -1 : 0,
    oneP,
    oneX: oneP ^ oneN,
    selP,
    selX: selP ^ selN,
    lsbOn: mc === 0 ? 1 : 0,
    rtoOn: mc === 7 ? -1 : 0,
  };
}

/**
 * The same increments as plain per-sign int32 values at a fixed cut of s bits (for the main loops, where the
 * cut does not vary): bias for x > 0 and x < 0, the rne lsb switch and the rto bit. With s = 0 nothing is cut
 * and every increment vanishes.
 */
export function cutBias(mc: number, s: number): { biasP: number; biasN: number; lsbAdd: number; rtoBit: number } {
  if (s === 0) return { biasP: 0, biasN: 0, lsbAdd: 0, rtoBit: 0 };
  const mask = (1 << s) - 1;
  const b = signedBias(mc);
  const at = (ms: number): number => ((mask >>> 1) & b.halfOn) + (b.oneP ^ (b.oneX & ms)) + (mask & (b.selP ^ (b.selX & ms)));
  // at s = 23 the kept significand is the implicit 1 (fixed point: I = 1), already odd: round to odd sets nothing
  return { biasP: at(0), biasN: at(-1), lsbAdd: b.lsbOn, rtoBit: s < 23 ? (1 << s) & b.rtoOn : 0 };
}

/** Per-call scratch of the chunked kernels: the chunk's draws (under sr) and the indices it deferred. */
export interface ChunkScratch {
  u: Float64Array;
  idx: Int32Array;
}

export function chunkScratch(): ChunkScratch {
  return { u: new Float64Array(CHUNK), idx: new Int32Array(CHUNK) };
}

/** Adds one element's flags to the counts. */
export function tallyFlags(c: FastCounts, flags: number): void {
  if (flags & FLAG_O) c.overflow++;
  if (flags & FLAG_U) c.underflow++;
  if (flags & FLAG_X) c.inexact++;
}
