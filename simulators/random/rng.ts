import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';

/** MurmurHash3's 32-bit finaliser: a bijective avalanche mix, so nearby seeds give unrelated states. */
function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) | 0;
}

/**
 * A seeded source of uniform draws in [0, 1) with 53 random bits (u = k·2^−53), the draw that stochastic
 * rounding compares with p_hi. Built on pure-rand's xoroshiro128+ (Blackman & Vigna 2018). The seed is spread over
 * the 128-bit state with MurmurHash3's finaliser and 8 draws are discarded, because pure-rand's own 32-bit seeding
 * leaves consecutive small seeds (0, 1, 2, …) with correlated streams. The same seed gives the same bits on every
 * run and machine.
 * @example const r = new Rng(42); r.uniform() // same number every run
 */
export class Rng {
  private readonly g;
  constructor(readonly seed: number) {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`Rng: seed must be a safe integer; got ${seed}`);
    const lo = seed | 0;
    const hi = Math.floor(seed / 2 ** 32) | 0;
    const state = [mix32(lo ^ 0x9e3779b9), mix32(hi + 0x7f4a7c15), mix32(lo + 0x6a09e667), mix32(hi ^ 0xbb67ae85)];
    if (!state.some((s) => s !== 0)) state[0] = 1;
    this.g = xoroshiro128plusFromState(state);
    for (let i = 0; i < 8; i++) this.g.next();
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
