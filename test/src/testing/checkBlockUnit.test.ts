import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkUnit } from '../../../src/testing/checkUnit.js';
import { blockVector } from '../../../src/testing/blockVector.js';
import { quantizeBlocks } from '../../../simulators/blockQuantize.js';
import { parseFormat } from '../../../simulators/formats/parseFormat.js';
import { decode } from '../../../simulators/codec.js';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mxfp4 } from './jsMxfp4.js';

const HERE = dirname(fileURLToPath(import.meta.url));

/** Runs a property and returns fast-check's report and the cause's message ('' when it passes). */
function report(p: ReturnType<typeof checkUnit>, seed = 42, numRuns = 300): string {
  try {
    fc.assert(p, { seed, numRuns });
    return '';
  } catch (e) {
    return `${(e as Error).message}\nCause: ${((e as Error).cause as Error).message}`;
  }
}

describe('blockVector', () => {
  it('gives vectors of input codes: planned and free ones, with specials unless asked not to', () => {
    const F32 = parseFormat('float32');
    const seen = { nan: false, multi: false, short: false };
    fc.assert(
      fc.property(blockVector('mxfp8_e4m3', { from: 'float32' }), (xs) => {
        expect(xs.length).toBeGreaterThan(0);
        const vs = xs.map((c) => decode(F32, c));
        seen.nan ||= vs.some(Number.isNaN);
        seen.multi ||= xs.length > 32;
        seen.short ||= xs.length % 32 !== 0;
      }),
      { seed: 1, numRuns: 400 },
    );
    expect(seen).toEqual({ nan: true, multi: true, short: true });
    fc.assert(fc.property(blockVector('nvfp4', { from: 'float64', specials: false }), (xs) => xs.every((c) => Number.isFinite(decode(parseFormat('float64'), c)))), { seed: 2, numRuns: 300 });
  });
  it('rejects what is not a block conversion', () => {
    expect(() => blockVector('float16', { from: 'float32' })).toThrow(/^format: not a block-scaled format/);
    expect(() => blockVector('mxfp4_e2m1', { from: 'int8' })).toThrow(/^from: the inputs of a block format are floats/);
    expect(() => blockVector('mxfp4_e2m1', undefined as never)).toThrow(/blockVector: options must be an object with from/);
  });
});

describe('checkUnit on a block format', () => {
  it('passes a correct JS MXFP4 quantizer, from float32 and from float64 inputs', () => {
    expect(report(checkUnit((xs: number[]) => mxfp4(xs), 'mxfp4_e2m1', 'convert', { from: 'float32' }))).toBe('');
    expect(report(checkUnit((xs: number[]) => mxfp4(xs), 'mxfp4_e2m1', 'convert', { from: 'float64' }))).toBe('');
  });
  it('catches floor(Math.log2(amax)) taken as exact, shrunk to one element just below 2^130: the worked example of the docs', () => {
    const r = report(checkUnit((xs: number[]) => mxfp4(xs, { rawLog2: true }), 'mxfp4_e2m1', 'convert', { from: 'float64' }), 42, 100);
    expect(r).toMatch(/^Property failed after \d+ tests/);
    expect(r).toMatch(/Counterexample: \[convert\(\[1.3611294676837537e\+39\]\)\]/);
    expect(r).toMatch(/Cause: mxfp4_e2m1 rne: convert\(\[1.3611294676837537e\+39\]\): x1 = 1.3611294676837537e\+39: expected 1.0208471007628154e\+39, got nan$/);
    const doc = readFileSync(join(HERE, '..', '..', '..', 'docs', 'testing-your-unit.md'), 'utf8');
    const shown = /```text\n(Property failed(?:(?!```)[\s\S])*?convert\(\[(?:(?!```)[\s\S])*?)```/.exec(doc)?.[1];
    expect(shown?.trim()).toBe(r.replace(/\nHint:.*\n?/, '\n').replace(/\n+/g, '\n').trim());
    // and the docs show the quantizer as this test runs it
    const src = readFileSync(join(HERE, 'jsMxfp4.ts'), 'utf8');
    for (const fn of ['function floorLog2', 'function mxfp4']) {
      const body = (text: string) => text.slice(text.indexOf(fn), text.indexOf('\n}\n', text.indexOf(fn)));
      expect(body(doc).replace(/^export /m, '')).toBe(body(src));
    }
    // float32 inputs are too short to fool Math.log2 (its error is far below their ulp)
    expect(report(checkUnit((xs: number[]) => mxfp4(xs, { rawLog2: true }), 'mxfp4_e2m1', 'convert', { from: 'float32' }))).toBe('');
  });
  it('catches element ties rounded away from zero', () => {
    const r = report(checkUnit((xs: number[]) => mxfp4(xs, { tiesAway: true }), 'mxfp4_e2m1', 'convert', { from: 'float32' }));
    expect(r).toMatch(/Cause: mxfp4_e2m1 rne: convert\(\[.*\]\): x1 = [-+\d.e]+: expected [-+\d.e]+, got [-+\d.e]+$/);
    // with rna, ties away is right
    expect(report(checkUnit((xs: number[]) => mxfp4(xs, { tiesAway: true }), 'mxfp4_e2m1', 'convert', { from: 'float32', rounding: 'rna' }))).toBe('');
  });
  it('codes: a unit returning scale and element codes is compared as verify does', () => {
    const spec = parseFormat('nvfp4');
    // io 'code': the unit gets the input codes (float32 bits as numbers) and returns codes
    const codes = (xs: number[]) => {
      const q = quantizeBlocks(spec, xs.map((c) => decode(parseFormat('float32'), BigInt(c))));
      return { scales: q.scaleCodes.map((c) => Number(c)), codes: q.codes.map((c) => Number(c)) };
    };
    expect(report(checkUnit(codes, 'nvfp4', 'convert', { from: 'float32', io: 'code' }), 7, 100)).toBe('');
    const off = (xs: number[]) => ({ ...codes(xs), scales: codes(xs).scales.map((s) => (s === 0x7f ? s : s ^ 1)) });
    expect(report(checkUnit(off, 'nvfp4', 'convert', { from: 'float32', io: 'code' }), 7, 100)).toMatch(/Cause: nvfp4 rne: convert\(.*\): block( 1 \(x1..x\d+\))?: scale expected [0-9A-F]{2} \(.*\), got [0-9A-F]{2} \(.*\)/);
    expect(report(checkUnit(() => ({ scales: [], codes: [] }), 'nvfp4', 'convert', { from: 'float32', io: 'code' }), 7, 100)).toMatch(/Cause: .*expected \d+ scale codes; got an array of 0/);
  });
  it('sr: each value one of its two neighbours', () => {
    const spec = parseFormat('mxfp4_e2m1');
    let seed = 0;
    const sr = (xs: number[]) => quantizeBlocks(spec, xs, { rounding: 'sr', seed: seed++ }).values;
    expect(report(checkUnit(sr, 'mxfp4_e2m1', 'convert', { from: 'float32', rounding: 'sr' }), 3, 200)).toBe('');
    expect(report(checkUnit((xs: number[]) => mxfp4(xs), 'mxfp4_e2m1', 'convert', { from: 'float32', rounding: 'sr' }), 3, 200)).toBe('');
    expect(report(checkUnit((xs: number[]) => xs, 'mxfp4_e2m1', 'convert', { from: 'float32', rounding: 'sr' }), 3, 200)).toMatch(/expected [-\d.e]+ or [-\d.e]+, got/);
  });
  it('rejects a bad op, from or io at once', () => {
    const u = (xs: number[]) => xs;
    expect(() => checkUnit(u, 'mxfp4_e2m1', 'add', { from: 'float32' })).toThrow(/^op: a block format is tested on convert/);
    expect(() => checkUnit(u, 'mxfp4_e2m1', 'convert')).toThrow(/^from: convert needs the input format/);
    expect(() => checkUnit(u, 'mxfp4_e2m1', 'convert', { from: 'float64', io: 'code' })).toThrow(/options.io 'code' passes codes as numbers \(up to 32 bits\); use 'bigint'/);
    expect(() => checkUnit(u, 'mxfp4_e2m1', 'convert', { from: 'float32', io: 'bits' as never })).toThrow(/options.io must be value, code or bigint; got "bits"/);
  });
});
