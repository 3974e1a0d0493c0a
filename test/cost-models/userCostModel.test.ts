import { describe, expect, it } from 'vitest';
import { numberArith as N } from '../../cost-models/arith.js';
import { qtools } from '../../cost-models/qtools.js';
import { parseUserCostModel } from '../../cost-models/userCostModel.js';
import { readFileSync } from 'node:fs';

const MINIMAL = { add: '0.003125 pJ * b', mul: '0.2 pJ * (b/8)^2', sram: '10 pJ / 64', dram: '20 pJ' };
const parse = (obj: object) => parseUserCostModel(JSON.stringify(obj), 'my.json');

describe('parseUserCostModel', () => {
  it('evaluates expressions with units in pJ, with documented defaults for absent keys', () => {
    const m = parse({ id: 'mine', citation: 'me', ...MINIMAL });
    expect(m.id).toBe('mine');
    expect(m.intAddPj(N, 8)).toBeCloseTo(0.025, 12);
    expect(m.intMulPj(N, 8, 8)).toBeCloseTo(0.2, 12);
    expect(m.intMulPj(N, 4, 16)).toBeCloseTo(0.2, 12); // b = √(b_in·b_w)
    expect(m.sramPjPerBit(N, 1e6)).toBeCloseTo(10 / 64, 12);
    expect(m.dramPjPerBit(N, 1e6)).toBeCloseTo(20, 12);
    expect(m.muxPj(N, 8, false)).toBeCloseTo(0.3 * 0.025, 12); // default: 0.3 · add
    expect(m.muxPj(N, 8, true)).toBeCloseTo(0.6 * 0.025, 12);
    expect(m.xnorPj(N)).toBeCloseTo(0.3 * 0.003125, 12);
    expect(m.comparePj(N, 8)).toBeCloseTo(0.025, 12);
    expect(m.floatMulPj(N, 8, 23)).toBeCloseTo(3.7, 12); // Horowitz float fit
    // same gate rules as the built-in qtools model, whose add is the same line
    expect(m.shiftPj(N, 8, 7)).toBeCloseTo(qtools.shiftPj(N, 8, 7), 12);
    expect(m.popcountPj(N, 64)).toBeCloseTo(qtools.popcountPj(N, 64), 12);
  });

  it('takes every optional key, other energy units, and energy per bit for memories', () => {
    const m = parse({
      ...MINIMAL,
      mul: '1 fJ * b_in * b_w + 0 pJ * b',
      fadd: '0.05 pJ * (m + 1) + 0.01 pJ * e',
      fmul: '0.001 nJ * b',
      mux: '0.01 pJ * b',
      mux_ternary: '0.03 pJ * b',
      shift: '0.001 pJ * b * log2(s + 1)',
      xnor: '2 fJ',
      popcount: '0.01 pJ * log2(n)',
      cmp: '0.002 pJ * b',
      sram: '0.1 pJ/bit * sqrt(c / 65536)',
      dram: '2.5 pJ/bit',
    });
    expect(m.intMulPj(N, 4, 8)).toBeCloseTo(0.032, 12);
    expect(m.floatAddPj(N, 5, 10)).toBeCloseTo(0.6, 12);
    expect(m.floatMulPj(N, 5, 10)).toBeCloseTo(16, 12);
    expect(m.muxPj(N, 8, false)).toBeCloseTo(0.08, 12);
    expect(m.muxPj(N, 8, true)).toBeCloseTo(0.24, 12);
    expect(m.shiftPj(N, 8, 7)).toBeCloseTo(0.024, 12);
    expect(m.xnorPj(N)).toBeCloseTo(0.002, 12);
    expect(m.popcountPj(N, 64)).toBeCloseTo(0.06, 12);
    expect(m.comparePj(N, 10)).toBeCloseTo(0.02, 12);
    expect(m.sramPjPerBit(N, 4 * 65536)).toBeCloseTo(0.2, 12);
    expect(m.dramPjPerBit(N, 1)).toBeCloseTo(2.5, 12);
  });

  it('rejects bad files with the file, the key and the problem', () => {
    expect(() => parseUserCostModel('{ "add": ', 'my.json')).toThrow(/^my\.json: not valid JSON: /);
    expect(() => parse({ ...MINIMAL, madd: '1 pJ' })).toThrow(/^my\.json: madd: unknown key; allowed: add, mul, sram, dram, id, /);
    expect(() => parse({ add: '1 pJ', mul: '1 pJ', sram: '1 pJ' })).toThrow('my.json: dram: missing required key');
    expect(() => parse({ ...MINIMAL, mul: '0.2 pJ * (x/8)^2' })).toThrow("my.json: mul: undefined symbol 'x' in \"0.2 pJ * (x/8)^2\"; allowed: b, b_in, b_w,");
    expect(() => parse({ ...MINIMAL, add: '0.003 pW * b' })).toThrow('my.json: add: unit is not energy: "0.003 pW * b" gives \'pW\'');
    expect(() => parse({ ...MINIMAL, add: '0.003 * b' })).toThrow('my.json: add: unit is not energy: "0.003 * b" gives no unit');
    expect(() => parse({ ...MINIMAL, add: '0.003 pJ/bit * b' })).toThrow('my.json: add: unit is not energy: "0.003 pJ/bit * b" gives energy/bit (an energy such as pJ expected)');
    expect(() => parse({ ...MINIMAL, add: '0.003 pJ *' })).toThrow(/^my\.json: add: cannot parse "0\.003 pJ \*": /);
    expect(() => parse({ ...MINIMAL, add: 'sin(b) pJ' })).toThrow("my.json: add: unsupported function 'sin'");
    expect(() => parse({ ...MINIMAL, add: 'b > 2 ? 1 pJ : 2 pJ' })).toThrow('my.json: add: unsupported construct (ConditionalNode)');
    expect(() => parse({ ...MINIMAL, add: '(1 - b) pJ' })).toThrow('my.json: add: must be a finite energy ≥ 0; "(1 - b) pJ" gives -1 pJ at {"b":2}');
    expect(() => parse({ ...MINIMAL, add: '1 pJ / b' })).toThrow('my.json: add: must not decrease as b grows; "1 pJ / b" falls to 0.5 pJ at b = 2');
    expect(() => parse({ ...MINIMAL, add: 8 })).toThrow('my.json: add: must be a mathjs expression string with units');
    expect(() => parse({ ...MINIMAL, id: 3 })).toThrow('my.json: id: must be a string; got 3');
  });

  it('regression: a formula non-finite somewhere in its domain is an error naming the key (was: Infinity J, exit 0)', () => {
    // finite and increasing at every sample width, so the old sweep accepted both
    expect(() => parse({ ...MINIMAL, add: '0.01 pJ * b * (1 + 1e-9 / abs(b - 5))' })).toThrow(
      'my.json: add: must be finite and ≥ 0 for b in [1, 256]; "0.01 pJ * b * (1 + 1e-9 / abs(b - 5))" gives Infinity pJ at b = 5',
    );
    expect(() => parse({ ...MINIMAL, add: '0.01 pJ * b + 0 pJ / (b - 5)' })).toThrow(/^my\.json: add: must be finite and ≥ 0 .* gives NaN pJ at b = 5$/);
    expect(() => parse({ ...MINIMAL, popcount: '0.01 pJ * log2(n - 1 + 1e-300)' })).toThrow(/^my\.json: popcount: must be finite and ≥ 0 for n in \[1, 2\^31\]; .* gives -9\.96\d* pJ at n = 1$/);
  });

  it('regression: a formula negative between the sample widths is refused (proved over the whole domain)', () => {
    // 0 at b = 1, 2, 3, 4 and increasing at the samples, but negative at b = 1.5
    const text = '1 pJ * (b - 1) * (b - 2) * (b - 3) * (b - 4) + 0 pJ';
    expect(() => parse({ ...MINIMAL, add: text })).toThrow(/^my\.json: add: must be finite and ≥ 0 for b in \[1, 256\]; .* gives -\d[\d.e-]* pJ at b = /);
    // b = √(b_in·b_w) is proved over the (b_in, b_w) box; e, m over the float formats
    // equal to the accepted (b/8)² law whenever b_in = b_w (all the samples), negative for b_w ≪ b_in
    expect(() => parse({ ...MINIMAL, mul: '0.2 pJ * (b/8)^2 * (b_w - b_in + 64) / 64' })).toThrow(
      /^my\.json: mul: must be finite and ≥ 0 for b_in in \[1, 256\], b_w in \[1, 256\]; .* gives -[\d.e-]+ pJ at b_in = 256, b_w = 1$/,
    );
  });

  it('values computed at run time outside the declared domain are checked again, naming the key', () => {
    const m = parse({ ...MINIMAL, add: '0.01 pJ * b / (300 - b)' });
    expect(m.intAddPj(N, 256)).toBeCloseTo(2.56 / 44, 12);
    expect(() => m.intAddPj(N, 300)).toThrow('my.json: add: "0.01 pJ * b / (300 - b)" gives Infinity pJ at b = 300; an energy must be finite and ≥ 0');
  });

  it('expressions over 2,000 characters are refused', () => {
    expect(() => parse({ ...MINIMAL, add: `0.01 pJ * b${' + 0 pJ'.repeat(400)}` })).toThrow('my.json: add: expression too long: 2811 characters; at most 2000');
  });

  it('regression: the example cost model of docs/cost.md is accepted and prices as documented', () => {
    const doc = readFileSync(new URL('../../docs/cost.md', import.meta.url), 'utf8');
    const block = doc.slice(doc.indexOf('### User-defined models')).match(/```json\n([\s\S]*?)```/)![1]!;
    const m = parseUserCostModel(block, 'docs/cost.md');
    expect(m.id).toBe('my22nm');
    expect(m.intAddPj(N, 8)).toBeCloseTo(0.016, 12);
    expect(m.sramPjPerBit(N, 64)).toBeCloseTo(5 / 64, 12); // the floor: small SRAMs cost the 64 Kib figure
    expect(m.sramPjPerBit(N, 65536 * 2 ** 8)).toBeCloseTo((5 / 64) * 3, 12);
    expect(m.dramPjPerBit(N, 1)).toBeCloseTo(15, 12);
  });
});
