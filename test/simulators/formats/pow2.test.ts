import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseFormat } from '../../../simulators/formats/parseFormat.js';
import type { FloatSpec, Pow2Spec } from '../../../simulators/formats/formatSpec.js';
import { formatBits } from '../../../simulators/formats/formatBits.js';
import { handlerFor } from '../../../simulators/registry.js';
import { quantize, quantizeArray, quantizeRational, quantizeWithFlags } from '../../../simulators/quantize.js';
import { decodePow2, encodePow2, roundPow2 } from '../../../simulators/formats/pow2.js';
import { FLAG_O, FLAG_U, FLAG_V, FLAG_X } from '../../../simulators/_internal/flags.js';
import { DETERMINISTIC_MODES, type RoundingMode } from '../../../simulators/rounding/roundingMode.js';

const P = (text: string) => parseFormat(text) as Pow2Spec;
const SMALL = P('pow2(min=-4,max=3)'); // 0, ±1/16 … ±8; 8 exponents + zero = 9 indices → 1 + 4 bits

// ---- independent oracle on exact rationals (BigInt), no code shared with simulators/ ----
type Q = [bigint, bigint]; // num/den, den > 0

/** A finite double as an exact rational, read from its bits with a DataView. */
function ratOf(x: number): Q {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, Math.abs(x));
  const bits = dv.getBigUint64(0);
  const be = Number(bits >> 52n);
  const frac = bits & ((1n << 52n) - 1n);
  const mant = be === 0 ? frac : frac | (1n << 52n);
  const exp = (be === 0 ? 1 : be) - 1075;
  const n = x < 0 ? -mant : mant;
  return exp >= 0 ? [n << BigInt(exp), 1n] : [n, 1n << BigInt(-exp)];
}
const p2: (k: number) => Q = (k) => (k >= 0 ? [1n << BigInt(k), 1n] : [1n, 1n << BigInt(-k)]);
const cmp = (a: Q, b: Q) => {
  const l = a[0] * b[1];
  const r = b[0] * a[1];
  return l < r ? -1 : l > r ? 1 : 0;
};

/**
 * The textbook rule: candidates are neighbours in the list [0, 2^L, …, 2^H, 2^(H+1), …] (the list continues past H
 * so that overflow is decided after rounding), "even" is the list index, then results above 2^H saturate.
 */
function oracle(spec: Pow2Spec, x: Q, mode: RoundingMode, u: number): { value: number; flags: number } {
  const neg = x[0] < 0n;
  const a: Q = [neg ? -x[0] : x[0], x[1]];
  if (a[0] === 0n) return { value: 0, flags: 0 };
  // exponent e = floor(log2 a): estimate from bit lengths, then adjust by comparing with powers of two
  let e = a[0].toString(2).length - a[1].toString(2).length;
  while (cmp(a, p2(e)) < 0) e--;
  while (cmp(a, p2(e + 1)) >= 0) e++;
  const idx = (k: number) => (k < spec.min ? 0 : k - spec.min + 1); // list index of 2^k (0 = zero)
  let lo: number | null; // exponent of the lower neighbour, null for zero
  let hiE: number;
  if (e < spec.min) [lo, hiE] = [null, spec.min];
  else [lo, hiE] = [e, e + 1];
  const loQ: Q = lo === null ? [0n, 1n] : p2(lo);
  const hiQ = p2(hiE);
  const exact = cmp(a, loQ) === 0;
  let up: boolean;
  if (mode === 'log') {
    // round(log2 a) in the log grid where zero sits at L − 1: up ⇔ a² ≥ 2·4^e
    const sq: Q = [a[0] * a[0], a[1] * a[1]];
    const logUp = cmp(sq, [2n * p2(2 * e)[0], p2(2 * e)[1]]) >= 0;
    const r = logUp ? e + 1 : e;
    const flagsL = (e < spec.min ? FLAG_U | FLAG_X : 0) | (cmp(a, p2(r)) === 0 ? 0 : FLAG_X);
    if (r > spec.max) return { value: (neg ? -1 : 1) * 2 ** spec.max, flags: FLAG_O | FLAG_X };
    if (r < spec.min) return { value: 0, flags: flagsL };
    return { value: (neg ? -1 : 1) * 2 ** r, flags: flagsL };
  }
  // 2a vs lo + hi
  const mid = cmp([2n * a[0], a[1]], [loQ[0] * hiQ[1] + hiQ[0] * loQ[1], loQ[1] * hiQ[1]]);
  const hiEven = idx(hiE) % 2 === 0;
  if (exact) up = false;
  else
    switch (mode) {
      case 'rne': up = mid > 0 || (mid === 0 && hiEven); break;
      case 'rna': up = mid >= 0; break;
      case 'rhu': up = mid > 0 || (mid === 0 && !neg); break;
      case 'rtz': up = false; break;
      case 'raz': up = true; break;
      case 'rup': up = !neg; break;
      case 'rdn': up = neg; break;
      case 'rto': up = !hiEven; break;
      case 'sr': {
        // u < (a − lo)/(hi − lo), u itself an exact rational
        const uq = ratOf(u);
        const num: Q = [a[0] * loQ[1] - loQ[0] * a[1], a[1] * loQ[1]];
        const den: Q = [hiQ[0] * loQ[1] - loQ[0] * hiQ[1], hiQ[1] * loQ[1]];
        up = cmp([uq[0] * den[0], uq[1] * den[1]], num) < 0;
        break;
      }
      default: throw new Error(mode);
    }
  const flags = (e < spec.min ? FLAG_U | FLAG_X : 0) | (exact ? 0 : FLAG_X);
  const rE = up ? hiE : lo;
  if (rE !== null && rE > spec.max) return { value: (neg ? -1 : 1) * 2 ** spec.max, flags: FLAG_O | FLAG_X };
  return { value: rE === null ? 0 : (neg ? -1 : 1) * 2 ** rE, flags };
}

/** The largest double below a positive double. */
function prevDouble(x: number): number {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, x);
  dv.setBigUint64(0, dv.getBigUint64(0) - 1n);
  return dv.getFloat64(0);
}

/** Uniform draws as the Rng makes them: k·2^−53. */
const uDraw = fc.bigInt({ min: 0n, max: (1n << 53n) - 1n }).map((k) => Number(k) / 2 ** 53);

const ALL_MODES: RoundingMode[] = [...DETERMINISTIC_MODES, 'sr', 'log'];

/** Doubles around the format: mantissa·2^k with k a few binades beyond both ends, plus exact ties. */
const nearRange = (s: Pow2Spec) =>
  fc.oneof(
    fc.tuple(fc.double({ min: 1, max: 2, maxExcluded: true, noNaN: true }), fc.integer({ min: s.min - 3, max: s.max + 2 }), fc.boolean()).map(
      ([m, k, n]) => (n ? -1 : 1) * m * 2 ** k,
    ),
    fc.tuple(fc.integer({ min: s.min - 1, max: s.max + 1 }), fc.constantFrom(1, 1.5, 0.5), fc.boolean()).map(([k, m, n]) => (n ? -1 : 1) * m * 2 ** k),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
  ).filter((x) => Number.isFinite(x) && x !== 0);

describe('pow2: known values', () => {
  it('table for pow2(min=-4,max=3) in every mode', () => {
    // x: [rne, rna, rhu, rtz, raz, rup, rdn, rto, log]
    const table: Array<[number, number[]]> = [
      [0.3, [0.25, 0.25, 0.25, 0.25, 0.5, 0.5, 0.25, 0.25, 0.25]],
      [0.75, [0.5, 1, 1, 0.5, 1, 1, 0.5, 1, 1]], // tie: 0.5 has index 4 (even); log: 0.75 ≥ √2/2
      [1.5, [2, 2, 2, 1, 2, 2, 1, 1, 2]], // tie: 2 has index 6
      [-3, [-2, -4, -2, -2, -4, -2, -4, -4, -4]], // tie: −2 has index 6; rhu ties toward +∞
      [0.03, [0, 0, 0, 0, 0.0625, 0.0625, 0, 0.0625, 0]], // below 2^−4: candidates {0, 1/16}; log: 0.03 < 2^−4.5
      [0.03125, [0, 0.0625, 0.0625, 0, 0.0625, 0.0625, 0, 0.0625, 0]], // tie 2^−5 between 0 (even) and 1/16
      [0.045, [0.0625, 0.0625, 0.0625, 0, 0.0625, 0.0625, 0, 0.0625, 0.0625]], // 0.045 ≥ 2^−4.5 ≈ 0.0442
      [8, [8, 8, 8, 8, 8, 8, 8, 8, 8]],
      [11, [8, 8, 8, 8, 8, 8, 8, 8, 8]], // log: 11 < 8√2 ≈ 11.31 → 8; others saturate
      [-1e300, [-8, -8, -8, -8, -8, -8, -8, -8, -8]],
    ];
    const modes: RoundingMode[] = ['rne', 'rna', 'rhu', 'rtz', 'raz', 'rup', 'rdn', 'rto', 'log'];
    for (const [x, want] of table) {
      expect(modes.map((m) => quantize(SMALL, x, { rounding: m })), `x = ${x}`).toEqual(want);
    }
  });

  it('flags: o on saturation (decided after rounding), u below 2^min, x when inexact, v for NaN', () => {
    expect(quantizeWithFlags(SMALL, 9, { rounding: 'rne' }).flags).toBe(FLAG_X); // rounds to 8
    expect(quantizeWithFlags(SMALL, 13, { rounding: 'rne' })).toEqual({ value: 8, flags: FLAG_O | FLAG_X }); // rounds to 16
    expect(quantizeWithFlags(SMALL, 9, { rounding: 'raz' })).toEqual({ value: 8, flags: FLAG_O | FLAG_X });
    expect(quantizeWithFlags(SMALL, -Infinity)).toEqual({ value: -8, flags: FLAG_O });
    expect(quantizeWithFlags(SMALL, 0.01)).toEqual({ value: 0, flags: FLAG_U | FLAG_X });
    expect(quantizeWithFlags(SMALL, 0.05)).toEqual({ value: 0.0625, flags: FLAG_U | FLAG_X });
    expect(quantizeWithFlags(SMALL, 0.25)).toEqual({ value: 0.25, flags: 0 });
    expect(quantizeWithFlags(SMALL, NaN)).toEqual({ value: 0, flags: FLAG_V });
    expect(Object.is(quantize(SMALL, -0), 0)).toBe(true);
    expect(Object.is(quantize(SMALL, -0.001), 0)).toBe(true); // zero is unsigned
  });

  it('log mode is sign(x)·2^round(log2|x|) clipped to [min, max], with zero below 2^(min−½)', () => {
    fc.assert(
      fc.property(nearRange(SMALL), (x) => {
        // Arrange: skip the measure-zero neighbourhood where Math.log2 may misround
        const l = Math.log2(Math.abs(x));
        fc.pre(Math.abs(l - Math.floor(l) - 0.5) > 1e-9);
        const r = Math.round(l);
        const want = r < SMALL.min ? 0 : Math.sign(x) * 2 ** Math.min(r, SMALL.max);
        // Act / Assert
        expect(quantize(SMALL, x, { rounding: 'log' })).toBe(want);
      }),
    );
  });

  it('log mode decides exactly at √2·2^k: Math.SQRT2 is the first double above √2', () => {
    const below = Math.SQRT2 - 2 ** -52;
    const [n, d] = ratOf(below);
    expect(n * n < 2n * d * d).toBe(true);
    const [n2, d2] = ratOf(Math.SQRT2);
    expect(n2 * n2 > 2n * d2 * d2).toBe(true);
    for (const k of [-5, -4, 0, 2, 3]) {
      expect(quantize(SMALL, below * 2 ** k, { rounding: 'log' })).toBe(k < SMALL.min ? 0 : 2 ** k);
      expect(quantize(SMALL, Math.SQRT2 * 2 ** k, { rounding: 'log' })).toBe(2 ** Math.min(k + 1, SMALL.max));
    }
  });
});

describe.each(['pow2(min=-4,max=3)', 'pow2(min=0,max=0)', 'pow2(min=-2,max=2)', 'pow2(min=-1074,max=1023)', 'pow2(min=5,max=9)'])('pow2 codes: %s', (text) => {
  const spec = P(text);
  const h = handlerFor(spec);
  const nb = h.bits(spec);
  const N = spec.max - spec.min + 1;
  it('bits = formatBits = 1 + ceil(log2(max − min + 2))', () => {
    expect(nb).toBe(formatBits(spec));
    expect(2 ** (nb - 1)).toBeGreaterThanOrEqual(N + 1);
    expect(2 ** (nb - 2)).toBeLessThan(N + 1);
  });
  it('every code decodes to the formula value, round-trips, and code order is value order', () => {
    const half = 2 ** (nb - 1);
    const pos: number[] = [];
    const neg: number[] = [];
    for (let c = 0; c < 2 ** nb; c++) {
      const code = BigInt(c);
      const index = c % half;
      if (index > N) {
        expect(() => h.decode(spec, code)).toThrow(/magnitude index \d+, unused/);
        continue;
      }
      const v = h.decode(spec, code);
      const want = index === 0 ? 0 : (c >= half ? -1 : 1) * Math.pow(2, spec.min + index - 1);
      expect(v).toBe(want);
      expect(h.isValue(spec, v)).toBe(true);
      expect(h.decode(spec, h.encode(spec, v))).toBe(v);
      if (c !== half) expect(h.encode(spec, v)).toBe(code); // 1 00…0 is the redundant zero
      (c >= half ? neg : pos).push(v);
    }
    expect(pos.length).toBe(N + 1);
    for (let i = 1; i < pos.length; i++) expect(pos[i]!).toBeGreaterThan(pos[i - 1]!);
    for (let i = 2; i < neg.length; i++) expect(neg[i]!).toBeLessThan(neg[i - 1]!);
    expect(h.decode(spec, BigInt(half))).toBe(0);
  });
  it('round agrees with the exact oracle in every mode, from doubles and from rationals', () => {
    fc.assert(
      fc.property(nearRange(spec), fc.constantFrom(...ALL_MODES), uDraw, (x, m, u) => {
        const want = oracle(spec, ratOf(x), m, u);
        expect(roundPow2(spec, x, m, u)).toEqual(want);
        const [n, d] = ratOf(x);
        expect(quantizeRational(spec, n, d, { rounding: m, ...(m === 'sr' ? { u } : {}) })).toEqual(want);
      }),
    );
  });
});

describe('pow2: rationals that are not doubles', () => {
  it('quantizeRational agrees with the oracle for num/den·2^k', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 1n << 40n }),
        fc.bigInt({ min: 1n, max: 1n << 40n }),
        fc.integer({ min: -8, max: 6 }),
        fc.boolean(),
        fc.constantFrom(...ALL_MODES),
        uDraw,
        (n0, d0, k, neg, m, u) => {
          const [n, d] = k >= 0 ? [n0 << BigInt(k), d0] : [n0, d0 << BigInt(-k)];
          const num = neg ? -n : n;
          expect(quantizeRational(SMALL, num, d, { rounding: m, ...(m === 'sr' ? { u } : {}) })).toEqual(oracle(SMALL, [num, d], m, u));
        },
      ),
    );
  });
  it('log on 1/3 and 2/5 (1/3 < √2/4 ≤ 2/5)', () => {
    expect(quantizeRational(SMALL, 1n, 3n, { rounding: 'log' }).value).toBe(0.25);
    expect(quantizeRational(SMALL, -2n, 5n, { rounding: 'log' }).value).toBe(-0.5);
  });
});

describe('pow2 matches float(e, m=0, subnormals=off, specials=none) where both apply', () => {
  // pow2(min=-6,max=8) has the value set and code layout of float(e=4,m=0,subnormals=off,specials=none);
  // they differ only in rne ties and rto (pow2's "even" is the code index) and in the u flag.
  const pw = P('pow2(min=-6,max=8)');
  const fl = parseFormat('float(e=4,m=0,subnormals=off,specials=none)') as FloatSpec;
  it('same codes, and the same value and o/x flags in rna, rhu, rtz, raz, rup, rdn, sr', () => {
    const hp = handlerFor(pw);
    const hf = handlerFor(fl);
    expect(hp.bits(pw)).toBe(hf.bits(fl));
    for (let c = 0n; c < 1n << BigInt(hp.bits(pw)); c++) expect(hp.decode(pw, c)).toBe(hf.decode(fl, c) || 0); // float's 1 00…0 is −0
    const modes: RoundingMode[] = ['rna', 'rhu', 'rtz', 'raz', 'rup', 'rdn', 'sr'];
    fc.assert(
      fc.property(nearRange(pw), fc.constantFrom(...modes), uDraw, (x, m, u) => {
        const a = hp.round(pw, x, m, u);
        const b = hf.round(fl, x, m, u);
        expect(a.value).toBe(b.value === 0 ? 0 : b.value);
        expect(a.flags & (FLAG_O | FLAG_X)).toBe(b.flags & (FLAG_O | FLAG_X));
      }),
    );
  });
});

describe('pow2: stochastic rounding (Lin et al. 2016)', () => {
  it('P(upper) = |x|/2^k − 1 exactly: u just below p gives the upper neighbour, u = p the lower', () => {
    // for these x, p computed in doubles is exact (scaling by 2^−k is exact and a − 1 is exact by Sterbenz)
    for (const [x, lo, hi] of [[0.3, 0.25, 0.5], [-5.5, -4, -8], [0.02, 0, 0.0625], [1.75, 1, 2]] as const) {
      const a = Math.abs(x);
      const p = a < 2 ** SMALL.min ? a / 2 ** SMALL.min : a / 2 ** Math.floor(Math.log2(a)) - 1;
      const [pn, pd] = ratOf(p);
      const [an, ad] = ratOf(a);
      const [ln, ld] = ratOf(Math.abs(lo));
      const [hn, hd] = ratOf(Math.abs(hi));
      // exactness of p: p·(hi − lo) = a − lo
      expect(pn * (hn * ld - ln * hd) * ad).toBe((an * ld - ln * ad) * hd * pd);
      expect(quantize(SMALL, x, { rounding: 'sr', u: prevDouble(p) })).toBe(hi);
      expect(quantize(SMALL, x, { rounding: 'sr', u: p })).toBe(lo);
    }
  });
  it('is unbiased: the mean of 10^5 seeded draws is within 4σ of x', () => {
    const N = 100_000;
    for (const x of [0.3, -1.7, 0.02, 6.5, -0.0625 * 0.37]) {
      const q = quantizeArray(SMALL, new Float64Array(N).fill(x), { rounding: 'sr', seed: 7 });
      const mean = q.reduce((s, v) => s + v, 0) / N;
      const a = Math.abs(x);
      const lo = a < 2 ** SMALL.min ? 0 : 2 ** Math.floor(Math.log2(a));
      const hi = a < 2 ** SMALL.min ? 2 ** SMALL.min : 2 * lo;
      const p = (a - lo) / (hi - lo);
      const sigma = ((hi - lo) * Math.sqrt(p * (1 - p))) / Math.sqrt(N);
      expect(Math.abs(mean - x), `x = ${x}`).toBeLessThanOrEqual(4 * sigma);
    }
  });
});

describe('pow2: bad input', () => {
  it('encode rejects non-values, decode rejects out-of-range codes', () => {
    expect(() => encodePow2(SMALL, 0.3)).toThrow(/encode: 0.3 is not a value of pow2\(min=-4,max=3\); quantize it first/);
    expect(() => encodePow2(SMALL, 16)).toThrow(/not a value/);
    expect(() => decodePow2(SMALL, 32n)).toThrow(/decode: code must be an integer in 0..2\^5-1; got 32/);
    expect(() => decodePow2(SMALL, -1n)).toThrow(/code must be an integer/);
    expect(() => decodePow2(SMALL, 10n)).toThrow(/magnitude index 10, unused in pow2\(min=-4,max=3\); allowed indices 0..8/);
  });
  it('quantize rejects an unknown rounding mode and sr without a seed', () => {
    expect(() => quantize(SMALL, 1, { rounding: 'nearest' as RoundingMode })).toThrow(/options.rounding must be one of/);
    expect(() => quantize(SMALL, 1, { rounding: 'sr' })).toThrow(/needs options.seed/);
  });
});
