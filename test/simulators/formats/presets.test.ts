import { describe, expect, it } from 'vitest';
import { parseFormat } from '../../../simulators/formats/parseFormat.js';
import { presetSpec, PRESET_IDS, FORMAT_PRESETS } from '../../../simulators/formats/presets.js';
import { quantize, quantizeWithFlags } from '../../../simulators/quantize.js';
import { encode } from '../../../simulators/codec.js';
import { FLAG_O, FLAG_X } from '../../../simulators/_internal/flags.js';

describe('presets mean what their names mean (breaking change: ml_dtypes/PyTorch overflow → NaN)', () => {
  it('float8_e4m3fn: finite overflow and ±inf give NaN (ml_dtypes #260, #400); 464 is a tie that rounds to 448', () => {
    const p = parseFormat('float8_e4m3fn');
    expect(quantizeWithFlags(p, 500)).toEqual({ value: NaN, flags: FLAG_O | FLAG_X });
    expect(quantize(p, Infinity)).toBeNaN();
    expect(quantize(p, -Infinity)).toBeNaN();
    expect(quantize(p, 464)).toBe(448); // tie between 448 (even) and 480 (past max): rne keeps 448
    expect(quantize(p, 465)).toBeNaN();
    expect(quantize(p, -465)).toBeNaN();
    expect(encode(p, NaN)).toBe(0x7fn);
    // directed modes toward zero still give the largest value (IEEE overflow rule)
    expect(quantize(p, 1e6, { rounding: 'rtz' })).toBe(448);
  });
  it('float8_e4m3fnuz and float8_e5m2fnuz overflow to their single NaN', () => {
    expect(quantize(parseFormat('float8_e4m3fnuz'), 1e4)).toBeNaN();
    expect(quantize(parseFormat('float8_e5m2fnuz'), 1e6)).toBeNaN();
    expect(encode(parseFormat('float8_e5m2fnuz'), NaN)).toBe(0x80n);
  });
  it("spec strings keep their documented defaults: OCP's saturating conversion is the fn/fnuz default and overflow=saturate", () => {
    expect(quantize(parseFormat('float(e=4,m=3,specials=fn)'), 500)).toBe(448);
    expect(quantize(parseFormat('float(e=4,m=3,specials=fn)'), Infinity)).toBe(448);
    expect(quantize(parseFormat('float(e=4,m=3,specials=fn,overflow=saturate)'), 500)).toBe(448);
    expect(quantize(parseFormat('float(e=4,m=3,specials=fnuz)'), 1e4)).toBe(240);
    expect(quantize(parseFormat('float8_e5m2'), 1e6)).toBe(Infinity);
  });
  it('preset lookup is own-property (regression: `lowbit format constructor` leaked "is not a function")', () => {
    for (const id of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(presetSpec(id)).toBeUndefined();
      expect(() => parseFormat(id)).toThrow(RangeError);
    }
    expect(() => parseFormat('constructor')).toThrow(/format "constructor": unknown format 'constructor'; expected a preset \(float64, .*\) or one of float, fixed/);
    expect(Object.isFrozen(FORMAT_PRESETS)).toBe(true);
    expect(PRESET_IDS).toContain('int8');
  });
});
