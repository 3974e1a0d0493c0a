import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assertFloat32Exact, float32Limitation } from '../../../src/quantizers/float32Exact.js';
import { parseFormat } from '../../../simulators/formats/parseFormat.js';
import { quantizeArray } from '../../../simulators/quantize.js';
import { floatLayout } from '../../../simulators/formats/floatLayout.js';
import type { FixedSpec, FloatSpec, FormatSpec } from '../../../simulators/formats/formatSpec.js';

const isF32 = (v: number) => Number.isNaN(v) || Math.fround(v) === v;

/** Values of a format that are hardest for float32: the largest, the finest step, the widest significand. */
function witnesses(spec: FormatSpec): number[] {
  if (spec.kind === 'float') {
    const L = floatLayout(spec);
    return [L.maxFinite, 2 ** L.emin * (1 + 2 ** -spec.m), 1 + 2 ** -spec.m];
  }
  const s = spec as FixedSpec;
  const lo = s.signed ? -(2 ** (s.w - 1)) : 0;
  const hi = s.signed ? 2 ** (s.w - 1) - 1 : 2 ** s.w - 1;
  return [lo * 2 ** -s.f, hi * 2 ** -s.f, 2 ** -s.f];
}

const floatSpecs = fc
  .record({ e: fc.integer({ min: 2, max: 10 }), m: fc.integer({ min: 0, max: 30 }), specials: fc.constantFrom('ieee', 'fn', 'fnuz') })
  .map(({ e, m, specials }) => {
    try {
      return parseFormat(`float(e=${e},m=${m},specials=${specials})`) as FloatSpec;
    } catch {
      return parseFormat('float16') as FloatSpec;
    }
  });
const fixedSpecs = fc
  .record({ w: fc.integer({ min: 1, max: 30 }), f: fc.integer({ min: -140, max: 160 }), signed: fc.boolean() })
  .map(({ w, f, signed }) => parseFormat(`${signed ? 'fixed' : 'ufixed'}(w=${w},f=${f})`) as FixedSpec);

describe('float32Limitation', () => {
  it('accepts a format exactly when its extreme values are float32 numbers', () => {
    fc.assert(
      fc.property(fc.oneof(floatSpecs, fixedSpecs), (spec) => {
        // Arrange / Act
        const ok = float32Limitation(spec) === undefined;
        // Assert
        expect(ok).toBe(witnesses(spec).every(isF32));
      }),
      { numRuns: 500 },
    );
  });

  it('for an accepted format every rounded double is a float32 number', () => {
    fc.assert(
      fc.property(fc.oneof(floatSpecs, fixedSpecs), fc.array(fc.double({ noNaN: true }), { minLength: 1, maxLength: 20 }), (spec, xs) => {
        fc.pre(float32Limitation(spec) === undefined);
        const q = quantizeArray(spec, Float64Array.from(xs));
        expect(Array.from(q).every(isF32)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('assertFloat32Exact throws a RangeError naming the function and the format', () => {
    expect(() => assertFloat32Exact(parseFormat('float64'), 'myFn')).toThrow(RangeError);
    expect(() => assertFloat32Exact(parseFormat('float64'), 'myFn')).toThrow('myFn: format float(e=11,m=52) cannot be held exactly in float32 tensors');
    expect(() => assertFloat32Exact(parseFormat('float32'), 'myFn')).not.toThrow();
    expect(float32Limitation(parseFormat('dfixed(w=26)'))).toBe('25 significant bits (w = 26, signed) > 24');
    expect(float32Limitation(parseFormat('ternary(threshold=0.3,scale=0.5)'))).toBeUndefined();
  });
});
