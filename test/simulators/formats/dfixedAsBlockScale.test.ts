import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseFormat } from '../../../simulators/formats/parseFormat.js';
import { quantizeArray } from '../../../simulators/quantize.js';
import { quantizeBlocks } from '../../../simulators/blockQuantize.js';
import { DynamicFixedState } from '../../../simulators/formats/dynamicFixed.js';
import type { RoundingMode } from '../../../simulators/rounding/roundingMode.js';
import { f64 } from './_mxVectors.js';

/**
 * Dynamic fixed point (Courbariaux et al. 2014) is the per-layer special case of a block-scaled format: one block
 * (the layer's tensor), integer elements fixed(w=W,f=0), and one power-of-two scale 2^−f. What differs is only how
 * the exponent is chosen: a block format computes it from the block's amax each time; DFXP keeps it as state,
 * updated from overflow rates every few batches (`DynamicFixedState`).
 */
const MODES: RoundingMode[] = ['rne', 'rna', 'rtz', 'raz', 'rup', 'rdn', 'rto'];
const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true });

describe('dfixed is a per-layer shared exponent: scaled(elem=fixed(w=W,f=0), scale=pow2, block=tensor) with the exponent as state', () => {
  it('with the exponent the block format picks from the amax, dfixed(w=W,f) gives the same values', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 16 }), fc.array(finite, { minLength: 1, maxLength: 50 }), fc.constantFrom(...MODES), (w, xs, mode) => {
        // Arrange: the block format's scale 2^k (amax / (2^(w−1) − 1) rounded up to a power of two)
        const block = parseFormat(`scaled(elem=fixed(w=${w},f=0),scale=pow2(min=-1000,max=1000),block=tensor)`);
        const q = quantizeBlocks(block, xs, { rounding: mode });
        const f = -Math.log2(q.scales[0]!);
        // Act: dynamic fixed point at that fraction length
        const d = quantizeArray(parseFormat(`dfixed(w=${w},f=${f})`), Float64Array.from(xs), { rounding: mode });
        // Assert
        expect(Array.from(d).map(f64)).toEqual(q.values.map(f64));
      }),
      { numRuns: 400 },
    );
  });
  it('DynamicFixedState quantizes with its exponent state: its values are fixed(w, 0) elements times 2^−f', () => {
    const s = new DynamicFixedState({ w: 8, updateEvery: 1 });
    const xs = Float64Array.from({ length: 64 }, (_, i) => Math.sin(i) * 40);
    for (let b = 0; b < 5; b++) {
      s.observe(xs);
      s.endBatch();
      const got = quantizeArray(s.spec(), xs);
      const elems = quantizeArray(parseFormat('fixed(w=8,f=0)'), xs.map((x) => x * 2 ** s.f));
      expect(Array.from(got)).toEqual(Array.from(elems).map((p) => p * 2 ** -s.f));
    }
    // the state moved the exponent from its initial w − 1 − 5 = 2 (amax 40 needs 6 integer bits: f = 1)
    expect(s.f).toBe(1);
  });
});
