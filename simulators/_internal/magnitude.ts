import { Rem } from './decide.js';
import { bitLength, doubleToDyadic, floorLog2, ldexp } from './bits.js';

/** Result of splitting a magnitude at a quantum 2^q: integer part I, remainder class, SR verdict. */
export interface Split {
  /** The integer part; exact below 2^53, else `Number(Ibig)` (rounded, or Infinity): then read `Ibig`. */
  I: number;
  rem: Rem;
  /** u < (remainder / quantum), decided exactly; only meaningful for stochastic rounding. */
  srHi: boolean;
  /** The integer part exactly, whenever it may be 2^53 or more. */
  Ibig?: bigint;
}

/** An exact positive magnitude that the rounding cores can split at any power-of-two quantum. */
export interface Magnitude {
  floorLog2(): number;
  split(q: number, u: number): Split;
}

/**
 * A positive finite double, split with exact double arithmetic where the quotient a/2^q is a normal double
 * below 2^53, and exactly on BigInts on either side of that range (so no power of two ever leaves the double
 * range, whatever q is).
 */
export class DoubleMagnitude implements Magnitude {
  constructor(readonly a: number) {}
  floorLog2(): number {
    return floorLog2(this.a);
  }
  split(q: number, u: number): Split {
    const E = floorLog2(this.a);
    if (E - q < -1000) {
      // far below half a quantum: the scaled value would underflow, so decide u < a/2^q exactly on BigInts
      return { I: 0, rem: Rem.BelowHalf, srHi: uBelowDyadic(u, this.a, q) };
    }
    if (E - q >= 53) {
      // a = mant·2^exp with exp ≥ q + 1: the quotient is an exact integer, possibly beyond 2^53 or 2^1024
      const d = doubleToDyadic(this.a);
      const Ibig = d.mant << BigInt(d.exp - q);
      return { I: Number(Ibig), rem: Rem.Zero, srHi: false, Ibig };
    }
    // the quotient lies in [2^-1000, 2^53): a normal double, so scaling by 2^-q is exact
    const r = ldexp(this.a, -q);
    const I = Math.floor(r);
    const f = r - I;
    const rem = f === 0 ? Rem.Zero : f < 0.5 ? Rem.BelowHalf : f === 0.5 ? Rem.Half : Rem.AboveHalf;
    return { I, rem, srHi: u < f };
  }
}

/** A positive exact rational num/den (BigInt), for arithmetic results and `P/Q` inputs. */
export class RationalMagnitude implements Magnitude {
  constructor(
    readonly num: bigint,
    readonly den: bigint,
  ) {}
  floorLog2(): number {
    const e0 = bitLength(this.num) - bitLength(this.den);
    const below = e0 >= 0 ? this.num < this.den << BigInt(e0) : this.num << BigInt(-e0) < this.den;
    return below ? e0 - 1 : e0;
  }
  split(q: number, u: number): Split {
    let num = this.num;
    let den = this.den;
    if (q >= 0) den <<= BigInt(q);
    else num <<= BigInt(-q);
    const Ib = num / den;
    const r = num - Ib * den;
    const twice = 2n * r;
    const rem = r === 0n ? Rem.Zero : twice < den ? Rem.BelowHalf : twice === den ? Rem.Half : Rem.AboveHalf;
    return { I: Number(Ib), rem, srHi: uBelow(u, r, den), Ibig: Ib };
  }
}

/** Exactly decides u < r/den for a double u in [0, 1). */
export function uBelow(u: number, r: bigint, den: bigint): boolean {
  if (u === 0) return r > 0n;
  const { mant, exp } = doubleToDyadic(u);
  // u = mant·2^exp with exp < 0 for u < 1
  return mant * den < r << BigInt(-exp);
}

/** Exactly decides u < a·2^−q for doubles u ∈ [0, 1) and a > 0. */
function uBelowDyadic(u: number, a: number, q: number): boolean {
  if (u === 0) return true;
  const U = doubleToDyadic(u);
  const A = doubleToDyadic(a);
  // U.mant·2^U.exp < A.mant·2^(A.exp − q)
  const shift = U.exp - (A.exp - q);
  return shift >= 0 ? U.mant << BigInt(shift) < A.mant : U.mant < A.mant << BigInt(-shift);
}
