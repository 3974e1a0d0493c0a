import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/**
 * A seeded source of uniform draws in [0, 1) with 53 random bits (u = k·2^−53), the draw that stochastic
 * rounding compares with p_hi. Built on pure-rand's xoroshiro128+ (Blackman & Vigna 2018), so the same seed
 * gives the same bits on every run and machine.
 * @example const r = new Rng(42); r.uniform() // same number every run
 */
export class Rng {
  private readonly g;
  constructor(readonly seed: number) {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`Rng: seed must be a safe integer; got ${seed}`);
    this.g = xoroshiro128plus((seed | 0) ^ (Math.floor(seed / 2 ** 32) | 0));
  }
  /** Next uniform draw in [0, 1): 53 bits from two 32-bit outputs. */
  uniform(): number {
    const hi = this.g.next() >>> 5; // 27 bits
    const lo = this.g.next() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }
  /** Next unsigned 32-bit integer. */
  uint32(): number {
    return this.g.next() >>> 0;
  }
}
