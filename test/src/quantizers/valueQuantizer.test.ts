import { describe, expect, it } from 'vitest';
import { RANGE_INIT_WIDTH, type DfixedOptions, type ValueQuantizer } from '../../../src/quantizers/valueQuantizer.js';
import { createRoleQuantizer } from '../../../src/quantizers/createRoleQuantizer.js';
import { compileRoles } from '../../../src/policy/compilePolicy.js';
import { parseFormat } from '../../../simulators/formats/parseFormat.js';
import { quantizeArray } from '../../../simulators/quantize.js';
import { Rng } from '../../../simulators/random/rng.js';
import { deriveSeed } from '../../../src/quantizers/deriveSeed.js';

const rq = (format: string, rounding: 'rne' | 'sr' | 'log' = 'rne', dfixed: DfixedOptions = {}) =>
  createRoleQuantizer(compileRoles({ weight: { format, rounding } }, { tensors: false }).weight!, { key: 'l/weight', seed: 7, dfixed }) as ValueQuantizer;

describe('ValueQuantizer with dynamic fixed point', () => {
  it('follows a scripted overflow sequence: widen, keep, narrow every N batches (methods.md §1.4)', () => {
    // w = 8, f = 2 (NOIB 5): overflow threshold t0 = 127/4 = 31.75, at one bit fewer t1 = 15.875
    const q = rq('dfixed(w=8)', 'rne', { updateEvery: 2, maxOverflowRate: 0.1 });
    const batch = (vals: number[]) => {
      q.quantize(Float32Array.from(vals), true);
      q.endBatch();
    };
    expect(q.currentSpec()).toEqual({ kind: 'fixed', signed: true, w: 8, f: 2, overflow: 'saturate' });
    batch([40, 1, 1, 1]); // r0 = 0.25
    batch([1, 1, 1, 1]); //  r0 = 0 → mean 0.125 > 0.1 → widen: f = 1
    expect(q.dynamic!.f).toBe(1);
    batch([40, 1, 1, 1]); // t0 = 63.5: no overflow; t1 = 31.75: 0.25
    batch([1, 1, 1, 1]); //  r1 mean 0.125 > 0.1 → keep
    expect(q.dynamic!.f).toBe(1);
    batch([1, 1, 1, 1]);
    batch([1, 1, 1, 1]); // nothing near the range → narrow: f = 2
    expect(q.dynamic!.f).toBe(2);
    // inference calls (observe = false) do not count
    for (let i = 0; i < 4; i++) q.quantize(Float32Array.from([1000, 1000]), false);
    batch([1, 1]);
    batch([1, 1]);
    expect(q.dynamic!.f).toBe(3);
  });

  it('rounds with the current range, bit for bit like the simulator', () => {
    const q = rq('dfixed(w=10,f=6)');
    const xs = Float32Array.from([0.3, -7.9, 100, 1 / 3]);
    expect(Array.from(q.quantize(xs, false))).toEqual(Array.from(quantizeArray(parseFormat('fixed(w=10,f=6)'), xs)));
  });

  it('range initialisation rounds at 25 bits with the same integer bits', () => {
    const q = rq('dfixed(w=10,f=6)');
    q.dynamic!.beginRangeInit();
    expect(q.currentSpec()).toMatchObject({ w: RANGE_INIT_WIDTH, f: 6 + RANGE_INIT_WIDTH - 10 });
    q.dynamic!.endRangeInit();
    expect(q.currentSpec()).toMatchObject({ w: 10, f: 6 });
  });

  it('keeps the rounding grid inside float32 when a range collapses (all-zero group)', () => {
    const q = rq('dfixed(w=10)', 'rne', { updateEvery: 1 });
    for (let i = 0; i < 200; i++) {
      q.quantize(new Float32Array(4), true);
      q.endBatch();
    }
    expect(q.dynamic!.f).toBeGreaterThan(149);
    expect(q.currentSpec()).toMatchObject({ f: 149 });
    const tiny = Float32Array.from([2 ** -149, -(2 ** -140)]);
    expect(Array.from(q.quantize(tiny, false))).toEqual(Array.from(tiny));
  });

  it('saves and restores its state', () => {
    const q = rq('dfixed(w=8)', 'rne', { updateEvery: 1 });
    q.quantize(Float32Array.from([500]), true);
    q.endBatch();
    const r = rq('dfixed(w=8)');
    r.restoreState(q.stateJSON()!);
    expect(r.dynamic!.f).toBe(q.dynamic!.f);
    expect(() => rq('dfixed(w=9)').restoreState(q.stateJSON()!)).toThrow('RoleQuantizer(l/weight).restoreState: saved width 8 differs from the policy\'s 9');
    expect(() => rq('int8').restoreState(q.stateJSON()!)).toThrow('RoleQuantizer(l/weight).restoreState: the format fixed(w=8,f=0) has no state');
  });
});

describe('ValueQuantizer stochastic rounding', () => {
  it('draws from one seeded generator advanced by every call', () => {
    const xs = Float32Array.from({ length: 32 }, (_, i) => Math.fround(i * 0.013));
    const q = rq('fixed(w=8,f=3)', 'sr');
    const a = q.quantize(xs, false);
    const b = q.quantize(xs, false);
    const ref = new Rng(7);
    const spec = parseFormat('fixed(w=8,f=3)');
    expect(Array.from(a)).toEqual(Array.from(quantizeArray(spec, xs, { rounding: 'sr', rng: ref })));
    expect(Array.from(b)).toEqual(Array.from(quantizeArray(spec, xs, { rounding: 'sr', rng: ref })));
  });
});

describe('ValueQuantizer in place', () => {
  it('rounding in place equals rounding into a new array (fast paths with deferred elements included)', () => {
    const r = new Rng(3);
    const xs = Float32Array.from({ length: 5000 }, (_, i) => Math.fround((r.uniform() - 0.5) * 2 ** ((i % 40) - 30)));
    for (const fmt of ['dfixed(w=10)', 'fixed(w=12,f=14)', 'bfloat16', 'float8_e4m3fn']) {
      const want = rq(fmt).quantize(xs, false);
      const copy = xs.slice();
      expect(rq(fmt).quantize(copy, false, undefined, copy)).toBe(copy);
      expect(Array.from(copy), fmt).toEqual(Array.from(want));
    }
  });
});

describe('ValueQuantizer bad input', () => {
  it('rejects a format float32 cannot hold and a mode the format lacks', () => {
    expect(() => rq('float64')).toThrow('RoleQuantizer(l/weight): format float(e=11,m=52) cannot be held exactly in float32 tensors');
    expect(() => rq('dfixed(w=30)')).toThrow('29 significant bits');
    expect(() => rq('int8', 'log')).toThrow(/roles.weight.rounding: 'log' is not available for int8/);
  });
});

describe('deriveSeed', () => {
  it('is deterministic, distinct per path, and a safe integer', () => {
    expect(deriveSeed(1, 'a', 'weight')).toBe(deriveSeed(1, 'a', 'weight'));
    const seeds = new Set([deriveSeed(1, 'a'), deriveSeed(2, 'a'), deriveSeed(1, 'b'), deriveSeed(1, 'a', 0)]);
    expect(seeds.size).toBe(4);
    for (const s of seeds) expect(Number.isSafeInteger(s) && s >= 0).toBe(true);
    expect(() => deriveSeed(1.5)).toThrow('deriveSeed: seed must be a safe integer; got 1.5');
  });
});
