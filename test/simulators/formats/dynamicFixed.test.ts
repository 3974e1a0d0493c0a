import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DynamicFixedState } from '../../../simulators/formats/dynamicFixed.js';
import { parseFormat } from '../../../simulators/formats/parseFormat.js';
import type { DfixedSpec } from '../../../simulators/formats/formatSpec.js';
import { formatBits } from '../../../simulators/formats/formatBits.js';
import { handlerFor } from '../../../simulators/registry.js';
import { quantize, quantizeArray, quantizeWithFlags } from '../../../simulators/quantize.js';
import { DETERMINISTIC_MODES } from '../../../simulators/rounding/roundingMode.js';

/** n values of which k are `big` and the rest 0. */
const batch = (n: number, k: number, big: number) => Array.from({ length: n }, (_, i) => (i < k ? big : 0));

describe('dfixed as a format: exactly fixed(w, f)', () => {
  it('round, flags, codes and bits agree with fixed for every code and random inputs', () => {
    for (const [d, f] of [['dfixed(w=8,f=3)', 'fixed(w=8,f=3)'], ['dfixed(w=6,f=-2,overflow=wrap)', 'fixed(w=6,f=-2,overflow=wrap)'], ['dfixed(w=10)', 'fixed(w=10,f=4)']]) {
      const ds = parseFormat(d);
      const fs = parseFormat(f);
      const hd = handlerFor(ds);
      const hf = handlerFor(fs);
      expect(hd.bits(ds)).toBe(hf.bits(fs));
      expect(formatBits(ds)).toBe(hd.bits(ds));
      for (let c = 0n; c < 1n << BigInt(hd.bits(ds)); c++) {
        const v = hd.decode(ds, c);
        expect(v).toBe(hf.decode(fs, c));
        expect(hd.encode(ds, v)).toBe(c);
      }
      fc.assert(
        fc.property(fc.double({ min: -200, max: 200, noNaN: true }), fc.constantFrom(...DETERMINISTIC_MODES), (x, m) => {
          expect(quantizeWithFlags(ds, x, { rounding: m })).toEqual(quantizeWithFlags(fs, x, { rounding: m }));
        }),
        { numRuns: 300 },
      );
    }
  });
});

describe('DynamicFixedState: the range update of Courbariaux et al. 2014', () => {
  it('starts at f = w − 6 (five integer bits) and exposes the current fixed spec', () => {
    const s = new DynamicFixedState({ w: 10 });
    expect([s.f, s.integerBits, s.width]).toEqual([4, 5, 10]);
    expect(s.spec()).toEqual({ kind: 'fixed', signed: true, w: 10, f: 4, overflow: 'saturate' });
    const t = DynamicFixedState.fromSpec(parseFormat('dfixed(w=12,f=7,overflow=wrap)') as DfixedSpec, { updateEvery: 3 });
    expect([t.f, t.overflow, t.updateEvery]).toEqual([7, 'wrap', 3]);
  });

  it('overflow test: |x| ≥ (2^(w−1) − 1)·2^−f counts for r0, half of it for r1 (both signs, two\'s complement min too)', () => {
    // w = 8, f = 2: t0 = 127/4 = 31.75, t1 = 15.875
    const s = new DynamicFixedState({ w: 8, f: 2, updateEvery: 1, maxOverflowRate: 0 });
    s.observe([31.75, -31.75, -32, 31.7, 15.875, -15.87, 0, NaN]);
    const r = s.endBatch()!;
    expect(r.r0).toBe(3 / 8); // 31.75, −31.75, −32 (−32 is a code of fixed(8,2) yet counts, as in the paper)
    expect(r.r1).toBe(5 / 8); // plus 31.7 and 15.875
  });

  it('scripted sequence: widen, keep, narrow, counter reset, updateEvery', () => {
    // w = 8, f = 2: t0 = 31.75, t1 = 15.875; 100 values per batch, max rate 1 %
    const s = new DynamicFixedState({ w: 8, f: 2, updateEvery: 3, maxOverflowRate: 0.01 });
    const step = (k0: number, k1: number) => {
      s.observe(batch(100, k0, 40)); // k0 values over t0 (and t1)
      s.observe(batch(100, k1, 20)); // k1 values over t1 only (a second observe in the same batch pools)
      return s.endBatch();
    };
    // period 1: r0 = mean(1.5 %, 0, 0) = 0.5 %, r1 = mean(1.5 %, 1 %, 0) ≈ 0.83 %: both ≤ 1 % → narrow
    expect(step(3, 0)).toBeNull();
    expect(step(0, 2)).toBeNull();
    let r = step(0, 0)!;
    expect(r.action).toBe('narrow');
    expect([r.r0, r.r1, r.fBefore, r.f]).toEqual([0.005, (0.015 + 0.01) / 3, 2, 3]);
    expect(s.f).toBe(3); // now t0 = 15.875, t1 = 7.9375: the 20s overflow r0
    // period 2: one batch with 4 % over t0 → r0 mean 4/3 % > 1 % → widen
    step(0, 8);
    step(0, 0);
    r = step(0, 0)!;
    expect([r.action, r.f]).toEqual(['widen', 2]);
    // period 3 (counters were reset, so period 2's 4 % is gone): r0 = 0, r1 = mean(1.5 %, 0, 0) → narrow again;
    // then 2 % over t1 only in every batch → keep
    step(0, 3);
    step(0, 0);
    expect(step(0, 0)!.action).toBe('narrow');
    s.observe(batch(100, 2, 10)); // f = 3: t0 = 15.875, t1 = 7.9375 → 10 is over t1 only
    s.endBatch();
    s.observe(batch(100, 2, 10));
    s.endBatch();
    s.observe(batch(100, 2, 10));
    r = s.endBatch()!;
    expect([r.action, r.r0, r.r1, r.f]).toEqual(['keep', 0, 0.02, 3]);
  });

  it('the comparisons are strict: a mean rate equal to maxOverflowRate does not widen or keep', () => {
    // w = 8, f = 2: t0 = 31.75, t1 = 15.875; max rate 1/4 and four values per batch
    const s = new DynamicFixedState({ w: 8, f: 2, updateEvery: 1, maxOverflowRate: 0.25 });
    s.observe([40, 0, 0, 0]); // r0 = r1 = 1/4
    expect(s.endBatch()).toEqual({ action: 'narrow', r0: 0.25, r1: 0.25, fBefore: 2, f: 3 });
    s.observe([16, 0, 0, 0]); // f = 3: t0 = 15.875 → r0 = 1/4; r1 = 1/4
    expect(s.endBatch()!.action).toBe('narrow');
    s.observe([8.1, 8.1, 0, 0]); // f = 4: t0 = 7.9375 → r0 = 1/2 → widen
    expect(s.endBatch()!.action).toBe('widen');
    s.observe([5, 0, 0, 0]); // f = 3: t1 = 7.9375 → r1 = 0; r0 = 0 → narrow
    expect(s.endBatch()!.action).toBe('narrow');
    s.observe([4, 4, 0, 0]); // f = 4: t0 = 7.9375, t1 = 3.96875 → r1 = 1/2 > 1/4 → keep
    expect(s.endBatch()!.action).toBe('keep');
  });

  it('batches with nothing observed count toward updateEvery but not the means; an empty period keeps f', () => {
    const s = new DynamicFixedState({ w: 8, f: 2, updateEvery: 2 });
    expect(s.endBatch()).toBeNull();
    expect(s.endBatch()).toEqual({ action: 'keep', r0: 0, r1: 0, fBefore: 2, f: 2 });
    s.observe(batch(10, 5, 100));
    s.endBatch();
    expect(s.endBatch()).toMatchObject({ action: 'widen', r0: 0.5 });
  });

  it('quantize goes through the current format', () => {
    const s = new DynamicFixedState({ w: 6, f: 1, updateEvery: 1 });
    const xs = new Float64Array([0.3, -7.9, 100, 2.25]);
    expect(s.quantize(xs)).toEqual(quantizeArray(parseFormat('fixed(w=6,f=1)'), xs));
    s.observe([0]);
    s.endBatch(); // narrow
    expect(s.f).toBe(2);
    expect(s.quantize(xs, { rounding: 'rtz' })).toEqual(new Float64Array([0.25, -7.75, 7.75, 2.25]));
  });

  it('f stops at the bounds that keep values doubles (w − 1 − 999 … w − 1 + 1021)', () => {
    const s = new DynamicFixedState({ w: 4, f: -995, updateEvery: 1 });
    for (let i = 0; i < 10; i++) {
      s.observe([Infinity]);
      s.endBatch();
    }
    expect(s.f).toBe(4 - 1 - 999);
    const t = new DynamicFixedState({ w: 4, f: 1020, updateEvery: 1 });
    for (let i = 0; i < 10; i++) {
      t.observe([0]);
      t.endBatch();
    }
    expect(t.f).toBe(4 - 1 + 1021);
    expect(quantize(t.spec(), 1)).toBe((2 ** 3 - 1) * 2 ** -t.f);
  });

  it('range initialisation: rangeInitW bits with the same integer bits, kept afterwards', () => {
    const s = new DynamicFixedState({ w: 10, updateEvery: 1 });
    s.beginRangeInit();
    expect(s.inRangeInit).toBe(true);
    expect(s.spec()).toEqual({ kind: 'fixed', signed: true, w: 32, f: 26, overflow: 'saturate' });
    s.observe([100]); // ≥ (2^31 − 1)·2^−26 ≈ 32 → widen
    expect(s.endBatch()!.action).toBe('widen');
    expect([s.integerBits, s.f]).toEqual([6, 25]);
    s.endRangeInit();
    expect([s.inRangeInit, s.integerBits, s.f, s.width]).toEqual([false, 6, 3, 10]);
  });

  it('toJSON/fromJSON resume mid-period exactly', () => {
    const a = new DynamicFixedState({ w: 8, f: 2, updateEvery: 3, maxOverflowRate: 0.05 });
    a.observe(batch(20, 1, 40));
    a.endBatch();
    a.observe(batch(20, 3, 20));
    const b = DynamicFixedState.fromJSON(JSON.parse(JSON.stringify(a)));
    expect(b.toJSON()).toEqual(a.toJSON());
    for (const s of [a, b]) {
      s.observe(batch(20, 1, 40));
      s.endBatch();
      s.observe(batch(20, 2, 40));
      s.endBatch();
    }
    expect(b.toJSON()).toEqual(a.toJSON());
    expect(b.f).toBe(a.f);
    expect(a.f).toBe(1);
  });
});

describe('DynamicFixedState: bad input', () => {
  it('constructor names the option, the value and the allowed range', () => {
    expect(() => new DynamicFixedState({ w: 1 })).toThrow(/DynamicFixedState: options.w must be an integer in 2..53; got 1/);
    expect(() => new DynamicFixedState({ w: 8.5 })).toThrow(/options.w must be an integer/);
    expect(() => new DynamicFixedState({ w: 8, f: 2000 })).toThrow(/options.f must be an integer in -992..1028; got 2000/);
    expect(() => new DynamicFixedState({ w: 8, overflow: 'clip' as 'wrap' })).toThrow(/options.overflow must be saturate or wrap; got clip/);
    expect(() => new DynamicFixedState({ w: 8, maxOverflowRate: 1 })).toThrow(/options.maxOverflowRate must be a number in \[0, 1\); got 1/);
    expect(() => new DynamicFixedState({ w: 8, updateEvery: 0 })).toThrow(/options.updateEvery must be an integer in 1../);
    expect(() => new DynamicFixedState({ w: 8, rangeInitW: 64 })).toThrow(/options.rangeInitW must be an integer in 2..53; got 64/);
    expect(() => new DynamicFixedState({ w: 8, every: 3 } as never)).toThrow(/unknown option 'every'; allowed: w, f/);
    expect(() => new DynamicFixedState(undefined as never)).toThrow(/options must be an object/);
  });
  it('methods reject bad arguments and out-of-order calls', () => {
    const s = new DynamicFixedState({ w: 8 });
    expect(() => s.observe(3 as never)).toThrow(/observe: values must be an array or typed array of numbers; got 3/);
    expect(() => s.endRangeInit()).toThrow(/range initialisation is not active; call beginRangeInit first/);
    s.beginRangeInit();
    expect(() => s.beginRangeInit()).toThrow(/range initialisation is already active; call endRangeInit first/);
    expect(() => s.quantize([1] as never)).toThrow(/quantizeArray: xs must be a Float32Array or Float64Array/);
    expect(() => DynamicFixedState.fromSpec(parseFormat('int8') as never)).toThrow(/fromSpec: spec must be a dfixed FormatSpec; got kind "fixed"/);
  });
  it('fromJSON rejects unknown, missing and malformed keys', () => {
    const good = new DynamicFixedState({ w: 8 }).toJSON();
    expect(() => DynamicFixedState.fromJSON(null)).toThrow(/fromJSON: json must be an object; got null/);
    expect(() => DynamicFixedState.fromJSON({ ...good, extra: 1 })).toThrow(/unknown key 'extra'/);
    const { sum0: _omit, ...missing } = good;
    expect(() => DynamicFixedState.fromJSON(missing)).toThrow(/missing key 'sum0'/);
    expect(() => DynamicFixedState.fromJSON({ ...good, batches: -1 })).toThrow(/batches must be a finite number ≥ 0 \(an integer\); got -1/);
    expect(() => DynamicFixedState.fromJSON({ ...good, rangeInit: 'no' })).toThrow(/rangeInit must be a boolean; got no/);
    expect(() => DynamicFixedState.fromJSON({ ...good, w: 0 })).toThrow(/options.w must be an integer in 2..53; got 0/);
  });
});
