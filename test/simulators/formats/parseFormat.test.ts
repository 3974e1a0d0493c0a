import { describe, expect, it } from 'vitest';
import { parseFormat, formatToString, presetName } from '../../../simulators/formats/parseFormat.js';
import { PRESET_IDS } from '../../../simulators/formats/presets.js';

describe('parseFormat', () => {
  it('parses the float grammar with its defaults', () => {
    expect(parseFormat('float(e=4,m=3)')).toEqual({ kind: 'float', e: 4, m: 3, subnormals: 'on', specials: 'ieee', overflow: 'inf' });
    expect(parseFormat('float(e=4, m=3, specials=fn)')).toMatchObject({ specials: 'fn', overflow: 'saturate' });
    expect(parseFormat('float(e=3,m=2,subnormals=off,overflow=saturate)')).toMatchObject({ subnormals: 'off', overflow: 'saturate' });
  });
  it('parses fixed, ufixed, dfixed, pow2, binary and ternary', () => {
    expect(parseFormat('fixed(w=8,f=-2,overflow=wrap)')).toEqual({ kind: 'fixed', signed: true, w: 8, f: -2, overflow: 'wrap' });
    expect(parseFormat('ufixed(w=8,f=10)')).toEqual({ kind: 'fixed', signed: false, w: 8, f: 10, overflow: 'saturate' });
    expect(parseFormat('dfixed(w=10)')).toEqual({ kind: 'dfixed', w: 10, f: 4, overflow: 'saturate' });
    expect(parseFormat('pow2(min=-4,max=3)')).toEqual({ kind: 'pow2', min: -4, max: 3 });
    expect(parseFormat('binary')).toEqual({ kind: 'binary', scale: 1 });
    expect(parseFormat('binary(scale=0.5)')).toEqual({ kind: 'binary', scale: 0.5 });
    expect(parseFormat('ternary(threshold=0.3,scale=2)')).toEqual({ kind: 'ternary', threshold: 0.3, scale: 2 });
  });
  it('maps every preset and reads formatToString back to the same spec', () => {
    for (const id of PRESET_IDS) {
      const spec = parseFormat(id);
      expect(parseFormat(formatToString(spec))).toEqual(spec);
      expect(presetName(spec)).toBe(id);
    }
    expect(parseFormat('float8_e4m3fn')).toEqual({ kind: 'float', e: 4, m: 3, subnormals: 'on', specials: 'fn', overflow: 'nan' });
    expect(parseFormat('float(e=4,m=3,specials=fn)')).toMatchObject({ overflow: 'saturate' });
    expect(parseFormat('float4_e2m1fn')).toMatchObject({ e: 2, m: 1, specials: 'none' });
  });
  it.each([
    ['float8_e9m9', /unknown format 'float8_e9m9'|not a format spec/],
    ['floaty(e=1,m=1)', /unknown format 'floaty'/],
    ['float(e=0,m=3)', /e must be an integer in 1\.\.11; got 0/],
    ['float(e=4,m=60)', /m must be an integer in 0\.\.52; got 60/],
    ['float(e=4,m=3,bias=7)', /unknown key 'bias' for float; allowed keys: e, m, subnormals, specials, overflow/],
    ['float(e=4)', /missing key 'm'/],
    ['float(e=4,m=3,e=5)', /key 'e' given twice/],
    ['float(e=4,m=3,specials=none,overflow=inf)', /specials=none .* overflow must be saturate; got inf/],
    ['float(e=4,m=3,subnormals=maybe)', /subnormals must be one of on\|off\|ftz; got maybe/],
    ['float(e=11,m=52,specials=fn)', /outside binary64/],
    ['fixed(w=0,f=0)', /w must be an integer in 1\.\.53; got 0/],
    ['fixed(w=8,f=x)', /f must be an integer/],
    ['fixed(w=8,f=2,overflow=clamp)', /overflow must be one of saturate\|wrap; got clamp/],
    ['pow2(min=3,max=1)', /min must be ≤ max/],
    ['binary(scale=-1)', /scale must be a finite number > 0; got -1/],
    ['float(e=4 m=3)', /malformed argument/],
  ])('rejects %s with a message naming the problem', (text, re) => {
    expect(() => parseFormat(text)).toThrow(re);
    expect(() => parseFormat(text)).toThrow(RangeError);
  });
  it('rejects a non-string', () => {
    expect(() => parseFormat(42 as unknown as string)).toThrow(/parseFormat: format must be a string; got number/);
  });
});
