import type { Rng } from '../../../simulators/random/rng.js';
import { pow2 } from '../../../simulators/_internal/bits.js';
import type { BlockTestOp } from '../blockTestOp.js';
import { randomInt } from '../randomCode.js';
import { fromCode, specialInputCodes } from './fromCodes.js';
import { MAX_LINE } from './planLine.js';

/**
 * A random input vector: a random length (two in five a full block, one in five a short one, the rest up to three
 * blocks), magnitudes around a random binary exponent in `range` (per line, or per block three times in ten) that
 * spread downward as real data does (most within 4 binades, some across the element's range, a few far below),
 * one element in 25 a signed zero, and one line in 30 with a NaN or an infinity. Values are rounded into the input
 * format.
 */
export function randomVector(bt: BlockTestOp, rng: Rng, range: readonly [number, number], elemP: number): bigint[] {
  const K = bt.K;
  let n: number;
  if (K === undefined) n = 1 + randomInt(rng, 64);
  else {
    const r = rng.uniform();
    n = r < 0.4 ? K : r < 0.6 ? 1 + randomInt(rng, Math.max(1, K - 1)) : 1 + randomInt(rng, 3 * K);
  }
  n = Math.min(n, MAX_LINE);
  const center = () => range[0] + randomInt(rng, range[1] - range[0] + 1);
  const perBlock = K !== undefined && rng.uniform() < 0.3;
  let c = center();
  const codes: bigint[] = [];
  for (let i = 0; i < n; i++) {
    if (perBlock && i % K! === 0) c = center();
    if (rng.uniform() < 0.04) {
      codes.push(fromCode(bt.from, rng.uniform() < 0.5 ? -0 : 0));
      continue;
    }
    const r = rng.uniform();
    const d = r < 0.7 ? randomInt(rng, 4) : r < 0.95 ? randomInt(rng, elemP + 8) : randomInt(rng, 40);
    const x = pow2(c - d) * (1 + rng.uniform());
    codes.push(fromCode(bt.from, rng.uniform() < 0.5 ? -x : x));
  }
  const specials = specialInputCodes(bt.from);
  if (n > 0 && specials.length && rng.uniform() < 1 / 30) codes[randomInt(rng, n)] = specials[randomInt(rng, specials.length)]!;
  return codes;
}
