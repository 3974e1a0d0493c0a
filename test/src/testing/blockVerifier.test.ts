import { describe, expect, it } from 'vitest';
import { BlockVerifier } from '../../../src/testing/blockVerifier.js';
import { blockTestOp, type BlockTestOp } from '../../../src/testing/blockTestOp.js';
import { formatBlockLine, parseBlockLine } from '../../../src/testing/blockCaseLine.js';
import { generateBlockCases } from '../../../src/testing/generateBlockCases.js';
import { quantizeBlocks } from '../../../simulators/blockQuantize.js';
import { Rng } from '../../../simulators/random/rng.js';
import { BLOCK_VECTOR_PRESETS, readMxVectors, type MxVector } from '../../simulators/formats/_mxVectors.js';

const MODES = ['rne', 'rna', 'rtz', 'raz', 'rup', 'rdn', 'rto'] as const;

/** An oracle vector (float64 inputs only) as a block test line: inputs, then per block its scale and element codes. */
function oracleLine(v: MxVector, mode: string): string {
  const r = v.r[mode]!;
  const toks = (v.in as string[]).map((h) => h.toUpperCase());
  r.scales.forEach((s, b) => toks.push(s.toUpperCase(), ...r.codes.slice(b * v.k, (b + 1) * v.k).map((c) => c.toUpperCase())));
  return toks.join(' ');
}

/** Every line that fails, by number. */
function failing(v: BlockVerifier, lines: readonly string[]): number[] {
  const bad: number[] = [];
  lines.forEach((l, i) => v.check(l, i + 1) !== undefined && bad.push(i + 1));
  return bad;
}

/** The line with one meaningful change in a random block: the scale's last bit in a NaN block, else the scale's or an element's. */
function corrupt(bt: BlockTestOp, text: string, rng: Rng): string {
  const p = parseBlockLine(bt, text, 0);
  const n = p.inputs.length;
  const toks = text.split(' ');
  const b = Math.floor(rng.uniform() * p.scales.length);
  const scaleAt = n + b * (bt.K! + 1);
  const flip = (i: number) => (toks[i] = (BigInt('0x' + toks[i]) ^ 1n).toString(16).toUpperCase().padStart(toks[i]!.length, '0'));
  const nanBlock = (bt.spec.kind === 'mx' && p.scales[b] === 0xffn) || (bt.spec.kind === 'nvfp4' && p.scales[b] === 0x7fn);
  const len = Math.min(bt.K!, n - b * bt.K!);
  flip(nanBlock || rng.uniform() < 0.3 ? scaleAt : scaleAt + 1 + Math.floor(rng.uniform() * len));
  return toks.join(' ');
}

describe('BlockVerifier and the oracle vectors (test/fixtures/mx, float64 inputs)', () => {
  it.each(BLOCK_VECTOR_PRESETS.map((p, i) => [p, i] as const))('%s: testgen writes the oracle line, verify accepts it, and finds exactly the corrupted lines', (preset, i) => {
    const bt = blockTestOp('convert', preset, 'float64');
    const vs = readMxVectors(preset).filter((v) => v.in.every((x) => typeof x === 'string'));
    expect(vs.length).toBeGreaterThan(1800); // the rational inputs (not codes) are left out
    for (const mode of ['rne', MODES[1 + (i % 6)]!] as const) {
      const lines = vs.map((v) => oracleLine(v, mode));
      expect(failing(new BlockVerifier(bt, { rounding: mode, nanPayload: 'exact' }), lines)).toEqual([]);
      if (mode !== 'rne') continue;
      // the line writer of testgen, on the same inputs, writes the oracle's line
      const written = vs.map((v) => {
        const inputs = (v.in as string[]).map((h) => BigInt('0x' + h));
        return formatBlockLine(bt, { inputs, result: quantizeBlocks(bt.spec, inputs.map((code) => ({ kind: 'code', format: bt.from, code }))) });
      });
      expect(written).toEqual(lines);
      const rng = new Rng(100 + i);
      const bad = new Set<number>();
      const copy = lines.map((l, k) => (k % 37 === 5 ? (bad.add(k + 1), corrupt(bt, l, rng)) : l));
      const v = new BlockVerifier(bt);
      expect(failing(v, copy)).toEqual([...bad]);
      expect(v.finish()).toEqual({ tests: lines.length, errors: bad.size, sr: undefined });
    }
  });
  it('the testgen files agree with every oracle vector they share (the lone zeros, NaNs and infinities)', () => {
    let shared = 0;
    for (const preset of BLOCK_VECTOR_PRESETS) {
      const bt = blockTestOp('convert', preset, 'float64');
      const byInputs = new Map(readMxVectors(preset).filter((v) => v.in.every((x) => typeof x === 'string')).map((v) => [(v.in as string[]).map((h) => BigInt('0x' + h)).join(','), v]));
      // the vectors they share are among the first (planned) lines: random vectors of doubles do not meet
      for (const c of generateBlockCases(bt, { count: 300 })) {
        const v = byInputs.get(c.inputs.join(','));
        if (!v) continue;
        shared++;
        expect(formatBlockLine(bt, c)).toBe(oracleLine(v, 'rne'));
      }
    }
    expect(shared).toBeGreaterThanOrEqual(20);
  });
});

describe('BlockVerifier: what passes and how a mismatch reads', () => {
  const mx = blockTestOp('convert', 'mxfp4_e2m1', 'float32');
  it('prints the block, the scale and each differing element with decoded values', () => {
    const v = new BlockVerifier(mx);
    expect(v.check('3F800000 40000000 40400000 42C80000 83 0 0 0 7', 1)).toBeUndefined();
    expect(v.check('3F800000 40000000 40400000 42C80000 84 0 0 0 6', 2)).toBe(
      'line 2: convert 4 input(s): block 1 (x1..x4): scale expected 83 (2^4), got 84 (2^5), x4 = 100: expected 7 (96), got 6 (128)',
    );
    expect(v.finish()).toEqual({ tests: 2, errors: 1, sr: undefined });
  });
  it('NaN blocks by class: any element codes pass, unless nanPayload is exact', () => {
    const line = '7FC00000 3F800000 FF 0 0';
    expect(new BlockVerifier(mx).check(line, 1)).toBeUndefined();
    expect(new BlockVerifier(mx).check('7FC00000 3F800000 FF 3 0', 1)).toBeUndefined();
    expect(new BlockVerifier(mx, { nanPayload: 'exact' }).check('7FC00000 3F800000 FF 3 0', 1)).toMatch(/x1 = nan: expected 0 \(nan\), got 3 \(nan\)/);
    expect(new BlockVerifier(mx).check('7FC00000 3F800000 FE 0 0', 1)).toBe('line 1: convert 2 input(s): block 1 (x1..x2): scale expected a NaN (FF (nan)), got FE (2^127)');
    const f32 = blockTestOp('convert', 'scaled(elem=int8,scale=float32,block=2)', 'float32');
    expect(new BlockVerifier(f32).check('7FC00000 3F800000 7FC00001 05 00', 1)).toBeUndefined(); // another quiet NaN
    expect(new BlockVerifier(f32).check('7FC00000 3F800000 7F800001 00 00', 1)).toMatch(/scale expected a NaN \(7FC00000 \(nan\)\), got 7F800001 \(nan\)/); // signalling
    const nvfp4 = blockTestOp('convert', 'nvfp4', 'float32');
    expect(new BlockVerifier(nvfp4).check('3F800000 80 0', 1)).toMatch(/scale expected 7E \(448\), got 80 \(not a scale code\)/);
  });
  it('lists three differing elements of a block, then counts the rest; at most two blocks', () => {
    const bt = blockTestOp('convert', 'mx(elem=float4_e2m1fn,block=4)', 'float32');
    const xs = Array.from({ length: 12 }, (_, i) => i + 1);
    const inputs = xs.map((x) => BigInt(new Uint32Array(new Float32Array([x]).buffer)[0]!));
    const good = formatBlockLine(bt, { inputs, result: quantizeBlocks(bt.spec, xs) }).split(' ');
    const bad = good.map((t, k) => (k >= 12 && (k - 12) % 5 !== 0 ? (BigInt('0x' + t) ^ 1n).toString(16).toUpperCase() : t));
    const why = new BlockVerifier(bt).check(bad.join(' '), 1)!;
    expect(why.match(/x\d+ = /g)).toHaveLength(6);
    expect(why).toMatch(/and 1 more element\(s\) of 4 differ; block 2 .*and 1 more block\(s\) differ$/);
  });
  it('sr: each element one of its two neighbours, and the frequency test over the file', () => {
    const bt = blockTestOp('convert', 'mxfp4_e2m1', 'float32');
    const lines = [...generateBlockCases(bt, { rounding: 'sr', seed: 4, count: 400 })].map((c) => formatBlockLine(bt, c));
    const ok = new BlockVerifier(bt, { rounding: 'sr' });
    expect(failing(ok, lines)).toEqual([]);
    const r = ok.finish();
    expect(r.sr!.overall.n).toBeGreaterThan(3000);
    expect(r.sr!.passed).toBe(true);
    // a unit that always truncates passes line by line, and fails the frequency test: one error
    const rtz = [...generateBlockCases(bt, { rounding: 'rtz', seed: 4, count: 400 })].map((c) => formatBlockLine(bt, c));
    const biased = new BlockVerifier(bt, { rounding: 'sr' });
    expect(failing(biased, rtz)).toEqual([]);
    expect(biased.finish()).toMatchObject({ tests: 400, errors: 1, sr: { passed: false } });
    // a code that is neither neighbour
    expect(new BlockVerifier(bt, { rounding: 'sr' }).check('3FA00000 7D 5', 1)).toBe('line 1: convert 1 input(s): block 1 (x1..x1): x1 = 1.25: expected 6 (1) or 7 (1.5), got 5 (0.75)');
  });
  it('rejects bad options and malformed lines, naming them', () => {
    expect(() => new BlockVerifier(mx, { rounding: 'log' as never })).toThrow(/rounding/);
    expect(() => new BlockVerifier(mx, { nanPayload: 'bits' as never })).toThrow(/nanPayload must be class or exact; got "bits"/);
    expect(() => new BlockVerifier(mx, { alpha: 2 })).toThrow(/alpha must be in \(0, 1\); got 2/);
    expect(() => new BlockVerifier(mx).check('3F800000 7D', 3)).toThrow(/^line 3: 2 tokens make no test line of mxfp4_e2m1/);
    // ternary and binary elements round by a threshold: their sr has no rtz/raz neighbours to check against
    const ternary = blockTestOp('convert', 'scaled(elem=ternary,scale=float32,block=8)', 'float32');
    expect(() => new BlockVerifier(ternary, { rounding: 'sr' })).toThrow(/^rounding: 'sr' is checked for float, fixed and pow2 elements; .* has ternary elements/);
    expect(new BlockVerifier(ternary, { rounding: 'rtz' })).toBeInstanceOf(BlockVerifier);
  });
});
