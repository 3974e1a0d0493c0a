import { describe, expect, it } from 'vitest';
import { parseFormat } from '../../simulators/formats/parseFormat.js';
import { quantizeCode } from '../../simulators/quantizeCode.js';
import { quantizeWithFlags } from '../../simulators/quantize.js';
import { FLAG_O, FLAG_V, FLAG_X } from '../../simulators/_internal/flags.js';

const f64 = parseFormat('float64');
const f32 = parseFormat('float32');

describe('quantizeCode: conversions code in, code out', () => {
  it('an sNaN converts to the canonical quiet NaN with v, into every format (a quiet NaN converts silently)', () => {
    for (const [to, qNaN] of [['float16', 0x7e00n], ['float32', 0x7fc00000n], ['bfloat16', 0x7fc0n], ['float8_e5m2', 0x7en], ['float8_e4m3fn', 0x7fn], ['float8_e4m3fnuz', 0x80n]] as const) {
      const spec = parseFormat(to);
      for (const snan of [0x7ff0000000000001n, 0xfff4000000000000n, 0x7ff7ffffffffffffn]) {
        expect(quantizeCode(spec, f64, snan)).toEqual({ code: qNaN, value: NaN, flags: FLAG_V });
      }
      expect(quantizeCode(spec, f64, 0x7ff8000000000000n)).toEqual({ code: qNaN, value: NaN, flags: 0 });
      expect(quantizeCode(spec, f64, 0xfff8000000000001n)).toEqual({ code: qNaN, value: NaN, flags: 0 });
    }
    expect(quantizeCode(parseFormat('float16'), f32, 0xff800001n).flags).toBe(FLAG_V);
    // into formats without NaN: every NaN is invalid
    expect(quantizeCode(parseFormat('float4_e2m1fn'), f64, 0x7ff8000000000000n)).toEqual({ code: undefined, value: NaN, flags: FLAG_V });
    expect(quantizeCode(parseFormat('int8'), f64, 0x7ff0000000000001n)).toEqual({ code: 0n, value: 0, flags: FLAG_V });
  });
  it('finite codes convert as quantizeWithFlags does on their values', () => {
    expect(quantizeCode(parseFormat('float16'), f32, 0x3dcccccdn)).toEqual({ code: 0x2e66n, value: 0.0999755859375, flags: FLAG_X });
    expect(quantizeCode(parseFormat('float16'), f64, 0x40f0000000000000n, { rounding: 'rtz' })).toEqual({ code: 0x7bffn, value: 65504, flags: FLAG_O | FLAG_X });
    expect(quantizeCode(parseFormat('float8_e4m3fn'), f64, 0x8000000000000000n).code).toBe(0x80n);
    const v = quantizeWithFlags(parseFormat('bfloat16'), 1 / 3, { rounding: 'rup' });
    expect(quantizeCode(parseFormat('bfloat16'), f64, 0x3fd5555555555555n, { rounding: 'rup' })).toEqual({ code: 0x3eabn, ...v });
  });
});

describe('quantize of ±inf under overflow=saturate gives ±max (OCP SAT), unflagged', () => {
  it.each([
    ['float(e=5,m=2,overflow=saturate)', 0x7bn, 0xfbn, 57344],
    ['float(e=4,m=3,overflow=saturate)', 0x77n, 0xf7n, 240],
    ['float(e=8,m=7,overflow=saturate)', 0x7f7fn, 0xff7fn, 3.3895313892515355e38],
    ['float(e=3,m=4,subnormals=off,overflow=saturate)', 0x6fn, 0xefn, 15.5],
    ['float(e=4,m=3,specials=fn)', 0x7en, 0xfen, 448],
  ])('%s', (id, maxCode, minCode, max) => {
    const spec = parseFormat(id);
    for (const mode of ['rne', 'rna', 'rtz', 'raz', 'rup', 'rdn', 'rto'] as const) {
      expect(quantizeCode(spec, f64, 0x7ff0000000000000n, { rounding: mode })).toEqual({ code: maxCode, value: max, flags: 0 });
      expect(quantizeCode(spec, f64, 0xfff0000000000000n, { rounding: mode })).toEqual({ code: minCode, value: -max, flags: 0 });
    }
  });
});
