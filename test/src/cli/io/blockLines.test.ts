import { describe, expect, it } from 'vitest';
import { parseFormat } from '../../../../simulators/formats/parseFormat.js';
import { Rng } from '../../../../simulators/random/rng.js';
import { answerBlockLine, checkBlockOutput, isBlockFormat } from '../../../../src/cli/io/blockLines.js';
import { BLOCK_VECTOR_PRESETS, MODES, cliLine, readMxVectors, wantCodeLine, wantValueLine } from '../_blockVectors.js';

describe('block CLI lines: every oracle line agrees through the CLI contract (the line function `quantize` calls)', () => {
  for (const preset of BLOCK_VECTOR_PRESETS) {
    it(`${preset}: 2000 lines × 7 modes, --output value and code`, () => {
      const spec = parseFormat(preset);
      let n = 0;
      for (const v of readMxVectors(preset)) {
        const line = cliLine(v);
        for (const mode of MODES) {
          const val = answerBlockLine(spec, line, 1, mode, new Rng(0), 'value');
          const code = answerBlockLine(spec, line, 1, mode, new Rng(0), 'code');
          if (val !== wantValueLine(v, mode)) expect.fail(`${preset} ${mode} value: ${line}\n got  ${val}\n want ${wantValueLine(v, mode)}`);
          if (code !== wantCodeLine(v, mode)) expect.fail(`${preset} ${mode} code: ${line}\n got  ${code}\n want ${wantCodeLine(v, mode)}`);
          n++;
        }
      }
      expect(n).toBe(14000);
    });
  }
});

describe('block CLI lines: contract details', () => {
  it('an empty line is an empty vector; channel and tensor formats are one block per line; zero points follow the scale', () => {
    const s = parseFormat('scaled(elem=uint8,scale=float32,block=tensor,zeroPoint=on)');
    expect(answerBlockLine(s, '', 1, 'rne', new Rng(0), 'code')).toBe('');
    expect(answerBlockLine(s, '-1 127 0', 1, 'rne', new Rng(0), 'code')).toBe('0x3f008081 0x02 0x00 0xff 0x02');
    const c = parseFormat('scaled(elem=int8,scale=e8m0,block=channel)');
    expect(answerBlockLine(c, '1 2 3 4 5 6 7 8 9 10', 1, 'rne', new Rng(0), 'code').split(' ')).toHaveLength(11);
    expect(answerBlockLine(c, '1 2 3 4 5 6 7 8 9 10', 1, 'rne', new Rng(0), 'value')).toBe('1 2 3 4 5 6 7 8 9 10');
  });
  it('sr draws once per element from the shared generator, continuing across lines', () => {
    const s = parseFormat('mxfp4_e2m1');
    const a = new Rng(5);
    const b = new Rng(5);
    const l1 = answerBlockLine(s, '0.3 0.7 1.1', 1, 'sr', a, 'value');
    const l2 = answerBlockLine(s, '0.3 0.7 1.1', 2, 'sr', a, 'value');
    expect(answerBlockLine(s, '0.3 0.7 1.1', 1, 'sr', b, 'value')).toBe(l1);
    expect(answerBlockLine(s, '0.3 0.7 1.1', 2, 'sr', b, 'value')).toBe(l2);
  });
  it.each([
    ['1  2', /line 7: numbers must be separated by single spaces/],
    [' 1 2', /single spaces/],
    ['1 2 ', /single spaces/],
    ['1\t2', /single spaces/],
    ['1 x', /line 7, number 2: "x": not a number/],
    ['1 1/0', /line 7, number 2: "1\/0": the denominator of P\/Q must be nonzero/],
  ])('rejects %j with a one-line usage error', (line, re) => {
    expect(() => answerBlockLine(parseFormat('mxint8'), line, 7, 'rne', new Rng(0), 'value')).toThrow(re);
  });
  it('checks --output and --flags for block formats', () => {
    expect(isBlockFormat(parseFormat('nvfp4'))).toBe(true);
    expect(isBlockFormat(parseFormat('int8'))).toBe(false);
    expect(() => checkBlockOutput('f64', false)).toThrow(/--output: a block format prints value or code; got "f64"/);
    expect(() => checkBlockOutput('value', true)).toThrow(/--flags: not available for block formats/);
  });
});
