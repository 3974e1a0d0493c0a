import { describe, expect, it } from 'vitest';
import { generateBlockCases } from '../../../src/testing/generateBlockCases.js';
import { blockTestOp } from '../../../src/testing/blockTestOp.js';
import { formatBlockLine, type BlockCase } from '../../../src/testing/blockCaseLine.js';
import { quantizeBlocks } from '../../../simulators/blockQuantize.js';
import { blockTags } from './_blockTags.js';

const lines = (spec: string, from: string, o: Parameters<typeof generateBlockCases>[1] = {}) => {
  const bt = blockTestOp('convert', spec, from);
  return [...generateBlockCases(bt, o)].map((c) => formatBlockLine(bt, c));
};

describe('generateBlockCases: determinism and size', () => {
  it('the same seed gives the same file; another seed other vectors; count takes a prefix', () => {
    const all = lines('mxfp4_e2m1', 'float32', { seed: 5 });
    expect(new Set(all).size).toBe(all.length); // no vector twice
    expect(all.length).toBeGreaterThan(1100);
    const a = lines('mxfp4_e2m1', 'float32', { seed: 5, count: 400 });
    expect(a).toEqual(all.slice(0, 400));
    const b = lines('mxfp4_e2m1', 'float32', { seed: 6, count: 400 });
    expect(b).not.toEqual(a);
    expect(b.slice(0, 2)).toEqual(a.slice(0, 2)); // the zero lines do not depend on the seed
    expect(lines('mxfp4_e2m1', 'float32', { count: 0 })).toEqual([]);
  });
  it('sr: one seeded draw per element, the same for the same seed', () => {
    const a = lines('nvfp4', 'float32', { rounding: 'sr', seed: 3, count: 300 });
    expect(lines('nvfp4', 'float32', { rounding: 'sr', seed: 3, count: 300 })).toEqual(a);
    expect(a).not.toEqual(lines('nvfp4', 'float32', { rounding: 'rne', seed: 3, count: 300 }));
  });
  it('level 2 sweeps the planned edges: every MX shared exponent from −127 to 127 sets some block scale', () => {
    const bt = blockTestOp('convert', 'mxfp6_e2m3', 'float64');
    // the planned lines come first (about 3,000 at level 2); level 1 plans about 220
    const scales = (level: 1 | 2) => new Set([...generateBlockCases(bt, { level, count: 3000 })].slice(0, level === 1 ? 220 : 3000).flatMap((c) => c.result.scaleCodes));
    const l2 = scales(2);
    for (let k = 0n; k <= 0xffn; k++) expect(l2.has(k), `scale 0x${k.toString(16)}`).toBe(true);
    expect(scales(1).size).toBeLessThan(60);
  });
  it('each line is lowbit quantizing the exact input codes', () => {
    const bt = blockTestOp('convert', 'scaled(elem=int4,scale=float8_e4m3fn,block=8)', 'bfloat16');
    for (const c of [...generateBlockCases(bt, { rounding: 'rna', count: 200 })]) {
      const xs = c.inputs.map((code) => ({ kind: 'code' as const, format: bt.from, code }));
      expect(c.result).toEqual(quantizeBlocks(bt.spec, xs, { rounding: 'rna' }));
    }
  });
  it('element formats of every kind: binary, ternary and pow2 elements get targets too', () => {
    for (const spec of ['scaled(elem=binary,scale=float16,block=4)', 'scaled(elem=ternary,scale=float32,block=8)', 'scaled(elem=pow2(min=-4,max=4),scale=e8m0,block=8)']) {
      expect(lines(spec, 'float32', { count: 300 })).toHaveLength(300);
    }
  });
  it('rejects bad options naming them', () => {
    const bt = blockTestOp('convert', 'mxfp4_e2m1', 'float32');
    expect(() => generateBlockCases(bt, { level: 3 as 1 })).toThrow(/level must be 1 or 2; got 3/);
    expect(() => generateBlockCases(bt, { count: -1 })).toThrow(/count must be a non-negative integer; got -1/);
    expect(() => generateBlockCases(bt, { seed: 0.5 })).toThrow(/seed must be a safe integer; got 0.5/);
    expect(() => generateBlockCases(bt, { rounding: 'log' as never })).toThrow(/rounding/);
  });
});

/** The tags of the oracle vectors (../shared/vectors/README.md), less `rational` (a line holds codes) and `tiny_input`. */
const MX_TAGS = ['zero_block', 'neg_zero', 'pow2_amax', 'amax_below_pow2', 'amax_above_pow2', 'scale_clamp_low', 'e8m0_min', 'e8m0_max', 'scale_overflow', 'nan', 'inf', 'tie', 'near_tie', 'subnormal_elem', 'saturate', 'short_last_block', 'multi_block'];
const NV_TAGS = ['zero_block', 'neg_zero', 'nan', 'inf', 'tie', 'near_tie', 'subnormal_elem', 'saturate', 'short_last_block', 'multi_block', 'scale_tie', 'scale_zero', 'scale_subnormal', 'tensor_scale_clamp', 'tensor_scale_subnormal'];

describe('generateBlockCases: level 1 reaches every kind of oracle vector', () => {
  const tagged = (spec: string, from: string) => {
    const bt = blockTestOp('convert', spec, from);
    const count = new Map<string, number>();
    for (const c of generateBlockCases(bt) as Iterable<BlockCase>) for (const t of blockTags(bt, c)) count.set(t, (count.get(t) ?? 0) + 1);
    return count;
  };
  it.each([
    ['mxfp8_e4m3', 'float64', MX_TAGS],
    ['mxint8', 'float64', MX_TAGS.filter((t) => t !== 'subnormal_elem')], // integer elements have none
    // float32 inputs stay below 2^128: E8M0's top exponents (amax ≥ 2^(127 + emax)) are out of their reach
    ['mxfp4_e2m1', 'float32', MX_TAGS.filter((t) => t !== 'e8m0_max' && t !== 'scale_overflow')],
    ['nvfp4', 'float32', NV_TAGS],
  ])('%s from %s', (spec, from, want) => {
    const count = tagged(spec, from);
    const missing = want.filter((t) => !count.get(t));
    expect(missing).toEqual([]);
    // the systematic corners come many times over, not by luck
    for (const t of ['tie', 'near_tie', 'short_last_block', 'multi_block']) expect(count.get(t)!, t).toBeGreaterThan(50);
  });
  it('scaled: the scale clamps low and high, rounds up, and is 1 for a block of zeros', () => {
    const bt = blockTestOp('convert', 'scaled(elem=int8,scale=float8_e4m3fn,block=16)', 'float64');
    const scales = new Set([...generateBlockCases(bt)].flatMap((c) => c.result.scaleCodes));
    // smallest subnormal 2^-9 (0x01), smallest normal 2^-6 (0x08), 1 (0x38), 448 (0x7E), 1.125 (0x39: just above 1, rounded up)
    for (const c of [0x01n, 0x08n, 0x38n, 0x39n, 0x7en]) expect(scales.has(c), `0x${c.toString(16)}`).toBe(true);
  });
});
