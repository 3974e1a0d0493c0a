import { Rng } from '../../../simulators/random/rng.js';

/** MurmurHash3's 32-bit finaliser (Appleby 2008): a bijection on uint32 with full avalanche. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Draws discarded after seeding, so that no output comes from the low-entropy initial state. */
const WARM_UP = 8;

/**
 * lowbit's `Rng` for dataset randomness, with the seed hashed first. Why: pure-rand's xoroshiro128plus(s)
 * starts from the state (−1, ~s, s, 0), so for the small consecutive seeds experiments use, `new Rng(s)`
 * gives a first uniform() ≈ 1.0 for every s and later draws stay correlated across seeds (lag-1
 * correlation ≈ 0.7 over seeds 0..16000, measured here). fmix32 spreads consecutive seeds over the whole
 * 32-bit space, which removed that correlation (|r| < 0.013, χ²₁₅ ≈ 15 on 16 buckets of the first draw).
 */
export function seededRng(seed: number): Rng {
  const rng = new Rng(fmix32(seed));
  for (let i = 0; i < WARM_UP; i++) rng.uniform();
  return rng;
}
