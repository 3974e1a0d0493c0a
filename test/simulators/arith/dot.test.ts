import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dot } from '../../../simulators/arith/dot.js';
import { parseFormat } from '../../../simulators/formats/parseFormat.js';
import { Rng } from '../../../simulators/random/rng.js';
import { exactDot, oracleDot, oracleProduct, type Mode, type OFixed, type OFloat, type OOrder } from './_exactOracle.js';

const F = parseFormat;
const E4M3: OFloat = { kind: 'float', e: 4, m: 3, fn: true };
const FP16: OFloat = { kind: 'float', e: 5, m: 10 };
const FP32: OFloat = { kind: 'float', e: 8, m: 23 };
const MODES: Mode[] = ['rne', 'rna', 'rtz', 'raz', 'rup', 'rdn'];
const ORDERS: OOrder[] = ['sequential', 'pairwise', { blocked: 1 }, { blocked: 3 }, { blocked: 5 }];

/** An e4m3fn value from its fields: sign, exponent field 0..15, mantissa 0..7 (the NaN pattern excluded). */
const e4m3 = fc.record({ s: fc.boolean(), ef: fc.integer({ min: 0, max: 15 }), mf: fc.integer({ min: 0, max: 7 }) })
  .filter(({ ef, mf }) => !(ef === 15 && mf === 7))
  .map(({ s, ef, mf }) => (s ? -1 : 1) * (ef === 0 ? mf * 2 ** -9 : (8 + mf) * 2 ** (ef - 10)));
const int8 = fc.integer({ min: -128, max: 127 });
const pairsOf = (arb: fc.Arbitrary<number>, maxLength: number) =>
  fc.array(fc.tuple(arb, arb), { maxLength }).map((ps) => [ps.map((p) => p[0]), ps.map((p) => p[1])] as const);

describe('dot: each product rounded once, each sum rounded once, in the stated order', () => {
  it('fp8 × fp8 → fp16 products → fp16 accumulator equals the exact-rational oracle in every order and mode', () => {
    fc.assert(
      fc.property(pairsOf(e4m3, 40), fc.constantFrom(...MODES), fc.constantFrom(...ORDERS), fc.boolean(), ([a0, b0], mode, order, wide) => {
        // Arrange: a trailing (π, 0) pair makes the operands not "narrow", so products take the TwoProduct path
        const a = wide ? [...a0, Math.PI] : a0;
        const b = wide ? [...b0, 0] : b0;
        const want = oracleDot([...a], [...b], FP16, FP16, order, mode);
        // Act
        const got = dot(a, b, { product: F('float16'), accumulator: F('float16'), order, rounding: mode });
        // Assert
        expect(Object.is(got, want) || (Number.isNaN(got) && Number.isNaN(want))).toBe(true);
      }),
      { numRuns: 600 },
    );
  });

  it('fp8 × fp8 rounded into fp8 products, then an fp16 accumulator, matches the oracle', () => {
    fc.assert(
      fc.property(pairsOf(e4m3, 24), fc.constantFrom(...MODES), fc.constantFrom(...ORDERS), ([a, b], mode, order) => {
        const got = dot(a, b, { product: F('float(e=4,m=3,specials=fn)'), accumulator: F('float16'), order, rounding: mode });
        expect(Object.is(got, oracleDot([...a], [...b], E4M3, FP16, order, mode))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('a wide enough accumulator gives the exact dot: int8 into float64 and e4m3 into fixed(w=53,f=18), any order and mode', () => {
    fc.assert(
      fc.property(pairsOf(int8, 200), pairsOf(e4m3, 200), fc.constantFrom(...MODES, 'sr' as const), fc.constantFrom(...ORDERS), ([a, b], [c, d], mode, order) => {
        const opts = { order, rounding: mode, seed: 1 };
        expect(dot(a, b, { ...opts, product: F('int16'), accumulator: F('float64') })).toBe(exactDot([...a], [...b]));
        expect(dot(c, d, { ...opts, product: F('float32'), accumulator: F('fixed(w=53,f=18)') })).toBe(exactDot([...c], [...d]));
      }),
      { numRuns: 1000 },
    );
  });

  it('with an exact accumulator the result is the sum of the products each rounded once', () => {
    fc.assert(
      fc.property(pairsOf(e4m3, 64), fc.constantFrom(...MODES), ([a, b], mode) => {
        const rounded = a.map((x, i) => oracleProduct(x, b[i]!, E4M3, mode));
        const want = exactDot(rounded, rounded.map(() => 1));
        expect(dot(a, b, { product: F('float(e=4,m=3,specials=fn)'), accumulator: F('float64'), rounding: mode })).toBe(want);
      }),
      { numRuns: 1000 },
    );
  });

  it('full-precision doubles (Dekker, TwoSum and BigInt paths) match the oracle into float32', () => {
    const rng = new Rng(9);
    // magnitudes 2^-76..2^60: products reach float32 subnormals but never overflow it (the oracle has no infinities)
    const rand = (): number => (rng.uniform() - 0.5) * 2 ** Math.floor(rng.uniform() * 136 - 75);
    for (let t = 0; t < 300; t++) {
      const n = 1 + (t % 17);
      const a = Array.from({ length: n }, rand);
      const b = Array.from({ length: n }, rand);
      for (const mode of MODES) {
        for (const order of ['sequential', 'pairwise'] as const) {
          const got = dot(a, b, { product: F('float32'), accumulator: F('float32'), order, rounding: mode });
          const want = oracleDot(a, b, FP32, FP32, order, mode);
          expect(Object.is(got, want), `${mode} ${order} a=${a} b=${b}: ${got} vs ${want}`).toBe(true);
        }
      }
    }
  });

  it('products and sums outside the double range are exact (BigInt path)', () => {
    const P = { product: F('float64'), accumulator: F('float64') };
    // 2^600 · 2^600 overflows a double, and so does its rounding into float64: +inf under rne, max under rtz
    expect(dot([2 ** 600], [2 ** 600], P)).toBe(Infinity);
    expect(dot([2 ** 600], [2 ** 600], { ...P, rounding: 'rtz' })).toBe(Number.MAX_VALUE);
    // 2^-600 · 2^-600 = 2^-1200 is below half the smallest subnormal: rne → 0, rup → 2^-1074
    expect(dot([2 ** -600], [2 ** -600], P)).toBe(0);
    expect(dot([2 ** -600], [2 ** -600], { ...P, rounding: 'rup' })).toBe(2 ** -1074);
    // (1 + 2^-52)^2 = 1 + 2^-51 + 2^-104: rne drops the 2^-104, rup rounds it up to one more ulp
    const x = 1 + 2 ** -52;
    expect(dot([x], [x], P)).toBe(1 + 2 * 2 ** -52);
    expect(dot([x], [x], { ...P, rounding: 'rup' })).toBe(1 + 3 * 2 ** -52);
  });
});

describe('dot: summation order', () => {
  // fp16 has a step of 2 on [2048, 4096): 2048 + 1 is a tie that rne sends back to 2048
  const a = [2048, 1, 1, 1, 1, 1, 1, 1];
  const ones = a.map(() => 1);
  const fp16 = { product: F('float16'), accumulator: F('float16') };

  it('sequential, pairwise and blocked give different, each exactly predicted results', () => {
    // sequential: every +1 ties back to 2048
    expect(dot(a, ones, { ...fp16, order: 'sequential' })).toBe(2048);
    // pairwise: ((2048+1)+(1+1)) + ((1+1)+(1+1)) = (2048 + 2) + 4
    expect(dot(a, ones, { ...fp16, order: 'pairwise' })).toBe(2054);
    // blocked 4: [2048,1,1,1] → 2048 and [1,1,1,1] → 4, then 0 + 2048 + 4
    expect(dot(a, ones, { ...fp16, order: { blocked: 4 } })).toBe(2052);
    // blocked 3: 2048, 3, 2; 2048 + 3 = 2051 ties to 2052, + 2 = 2054
    expect(dot(a, ones, { ...fp16, order: { blocked: 3 } })).toBe(2054);
    // the exact sum is 2055; a chunk at least as long as the vector is sequential
    expect(dot(a, ones, { ...fp16, order: { blocked: 8 } })).toBe(2048);
    for (const order of ['sequential', 'pairwise', { blocked: 4 }, { blocked: 3 }] as const) {
      expect(dot(a, ones, { ...fp16, order })).toBe(oracleDot(a, ones, FP16, FP16, order, 'rne'));
    }
  });

  it('exact zero sums are +0, −0 under rdn, and −0 + −0 stays −0', () => {
    const P = { product: F('float16'), accumulator: F('float16') };
    expect(Object.is(dot([1, -1], [1, 1], P), 0)).toBe(true);
    expect(Object.is(dot([1, -1], [1, 1], { ...P, rounding: 'rdn' }), -0)).toBe(true);
    expect(Object.is(dot([-0], [1], P), 0)).toBe(true); // +0 + −0
    expect(Object.is(dot([-0, -0], [1, 1], { ...P, order: 'pairwise' }), -0)).toBe(true); // −0 + −0
    expect(Object.is(dot([], [], P), 0)).toBe(true);
  });
});

describe('dot: int8 × int8 into a 24-bit accumulator', () => {
  const wrap24 = { product: F('int16'), accumulator: F('fixed(w=24,f=0,overflow=wrap)') };

  it('wraps modulo 2^24 (crafted overflow)', () => {
    // 600 · 127² = 9 677 400 > 2^23 − 1; two's complement leaves 9 677 400 − 2^24
    const a = new Array(600).fill(127);
    expect(dot(a, a, wrap24)).toBe(9677400 - 2 ** 24);
    expect(dot(a, a, { ...wrap24, accumulator: F('fixed(w=24,f=0)') })).toBe(2 ** 23 - 1);
  });

  it('equals the exact sum reduced modulo 2^24 in every order', () => {
    fc.assert(
      fc.property(pairsOf(int8, 2000), fc.constantFrom(...ORDERS), ([a, b], order) => {
        const exact = BigInt(exactDot([...a], [...b]));
        expect(dot(a, b, { ...wrap24, order })).toBe(Number(BigInt.asIntN(24, exact)));
      }),
      { numRuns: 200 },
    );
  });

  it('a saturating accumulator depends on the order', () => {
    // products +2^22, +2^22, +2^22, −2^22, −2^22 (exact sum 2^22). Sequential clamps at 2^23 − 1 twice, then
    // subtracts twice: −1. Pairwise: (2^22 + 2^22 → 2^23 − 1) + (2^22 + (−2^22 − 2^22 = −2^23)) = 2^22 − 1.
    const a = [2048, 2048, 2048, -2048, -2048];
    const b = [2048, 2048, 2048, 2048, 2048];
    const sat = { product: F('fixed(w=24,f=0)'), accumulator: F('fixed(w=24,f=0)') };
    expect(dot(a, b, sat)).toBe(-1);
    expect(dot(a, b, { ...sat, order: 'pairwise' })).toBe(2 ** 22 - 1);
    const S: OFixed = { kind: 'fixed', w: 24, f: 0 };
    expect(dot(a, b, { ...sat, order: 'pairwise' })).toBe(oracleDot(a, b, S, S, 'pairwise', 'rne'));
  });
});

describe('dot: stochastic rounding draws', () => {
  it('draws once per product and once per addition, in a fixed order', () => {
    const a = [0.1, 0.2, 0.3, 0.4, 0.5];
    const opts = { product: F('float8_e4m3fn'), accumulator: F('float8_e4m3fn'), rounding: 'sr' as const };
    for (const [order, draws] of [['sequential', 10], ['pairwise', 9], [{ blocked: 2 }, 13]] as const) {
      const rng = new Rng(3);
      const ref = new Rng(3);
      dot(a, a, { ...opts, order, rng });
      for (let i = 0; i < draws; i++) ref.uniform();
      expect(rng.uniform()).toBe(ref.uniform());
    }
    expect(dot(a, a, { ...opts, seed: 4 })).toBe(dot(a, a, { ...opts, seed: 4 }));
  });
});

describe('dot: bad input', () => {
  const P = { product: F('int16'), accumulator: F('int32') };
  it('throws naming the argument', () => {
    expect(() => dot([1, 2], [1], P)).toThrow(/dot: a and b must have the same length; got 2 and 1/);
    expect(() => dot([1, '2' as unknown as number], [1, 2], P)).toThrow(/dot: a\[1\] must be a number; got string/);
    expect(() => dot(5 as unknown as number[], [1], P)).toThrow(/dot: a must be an array or typed array/);
    expect(() => dot([1], [1], { ...P, order: 'random' as 'sequential' })).toThrow(/options.order must be 'sequential', 'pairwise' or \{ blocked: C \}; got "random"/);
    expect(() => dot([1], [1], { ...P, order: { blocked: 0 } })).toThrow(/options.order.blocked must be a positive integer chunk size; got 0/);
    expect(() => dot([1], [1], { ...P, order: { blocked: 2.5 } })).toThrow(/blocked must be a positive integer/);
    expect(() => dot([1], [1], { ...P, product: F('pow2(min=-3,max=3)') })).toThrow(/options.product must be a float or fixed FormatSpec/);
    expect(() => dot([1], [1], { product: F('int16') } as never)).toThrow(/options.accumulator must be a float or fixed FormatSpec/);
    expect(() => dot([1], [1], { ...P, rounding: 'sr' })).toThrow(/needs options.seed/);
    expect(() => dot([1], [1], { ...P, rounding: 'log' })).toThrow(/rounding 'log' is not available/);
    expect(() => dot([1], [1], { ...P, chunk: 3 } as never)).toThrow(/dot: unknown option 'chunk'; allowed: product, accumulator/);
    expect(() => dot([1], [1], undefined as never)).toThrow(/dot: options must be an object/);
  });
});
