import { philox4x32 } from './philox.js';

/**
 * A seeded, counter-based source of uniform draws for stochastic rounding: draw i is the 32-bit word
 * w_i · 2^−32 ∈ [0, 1) of Philox4x32-10 (see `philox4x32`) under the key (seed mod 2^32, ⌊seed / 2^32⌋), where
 * draws come in blocks of 16: block b holds word w of counter 4b + c at draw 16b + 4w + c (the order of the
 * SIMD kernel, four counters per lane group). Any draw can be computed without the ones before it, so
 * `quantizeArray` takes them in batches (WebAssembly SIMD) and gets the same bits as one draw at a time. The same
 * seed gives the same draws on every run and machine.
 *
 * Not modelled: more than 2^34 draws from one generator (the 32-bit block counter would wrap).
 * Resolution: a draw is a multiple of 2^−32, so `sr` takes the upper candidate with probability
 * ⌈p · 2^32⌉ / 2^32 for an exact p (the 53-bit `Rng` gives ⌈p · 2^53⌉ / 2^53).
 * @example const g = new CounterRng(42); g.uniform() // the same number every run
 */
export class CounterRng {
  /** Index of the next draw. */
  position = 0;
  readonly k0: number;
  readonly k1: number;
  private readonly block = new Uint32Array(16);
  private readonly words = new Uint32Array(4);
  private cached = -1;

  constructor(readonly seed: number) {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`CounterRng: seed must be a safe integer; got ${seed}`);
    this.k0 = seed >>> 0;
    this.k1 = Math.floor(seed / 2 ** 32) >>> 0;
  }

  /** The next 32-bit draw as an unsigned integer. */
  uint32(): number {
    const i = this.position++;
    const b = Math.floor(i / 16);
    if (b !== this.cached) {
      fillBlock(this, b, this.block, this.words);
      this.cached = b;
    }
    return this.block[i % 16]!;
  }

  /** The next uniform draw in [0, 1): a multiple of 2^−32. */
  uniform(): number {
    return this.uint32() * 2.3283064365386963e-10;
  }
}

/** The 16 words of block b (counters 4b..4b+3, low and high 32 bits of the counter in c0 and c1). */
function fillBlock(g: CounterRng, b: number, out: Uint32Array, w: Uint32Array): void {
  for (let c = 0; c < 4; c++) {
    const ctr = 4 * b + c;
    philox4x32(ctr >>> 0, Math.floor(ctr / 2 ** 32) >>> 0, 0, 0, g.k0, g.k1, w);
    for (let k = 0; k < 4; k++) out[4 * k + c] = w[k]!;
  }
}
