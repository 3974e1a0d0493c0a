import { describe, expect, it } from 'vitest';
import { parseFormat } from '../../../simulators/formats/parseFormat.js';
import type { FixedSpec, FloatSpec } from '../../../simulators/formats/formatSpec.js';
import { ALL_MODES, compareWithScalar } from './_oracle.js';
import { randomFloat32Bits, structuredFloat32ForFixed, structuredFloat32ForFloat } from './_inputs.js';

// The fast path must equal the scalar path bit for bit (values incl. −0 and NaN, and the flag counts) for
// Float32Array inputs: structured inputs around every rounding boundary, then random bit patterns. The random
// patterns are spread over the nine modes (2^17 per mode, about 1.2·10^6 per format) to keep the run short.
const FLOATS = [
  'float32', 'tf32', 'bfloat16', 'float16',
  'float8_e5m2', 'float8_e4m3fn', 'float8_e4m3fnuz', 'float8_e5m2fnuz',
  'float6_e3m2fn', 'float6_e2m3fn', 'float4_e2m1fn',
  'float(e=3,m=2,subnormals=off)', 'float(e=4,m=3,subnormals=ftz)', 'float(e=5,m=2,overflow=saturate)',
  'float(e=4,m=3,specials=fn,overflow=nan)', 'float(e=4,m=0)', 'float(e=3,m=0,specials=fn)',
];
const FIXEDS = [
  'fixed(w=8,f=4)', 'fixed(w=8,f=4,overflow=wrap)', 'ufixed(w=8,f=8)', 'fixed(w=16,f=15)', 'fixed(w=6,f=-2)',
  'fixed(w=32,f=16,overflow=wrap)', 'ufixed(w=24,f=30)', 'fixed(w=25,f=0,overflow=wrap)',
];
const RANDOM_PER_MODE = 2 ** 17;

describe('quantizeArray fast path equals the scalar path on Float32Array inputs', () => {
  for (const [i, id] of FLOATS.entries()) {
    it(`${id}: structured and random inputs, all modes`, () => {
      // Arrange
      const spec = parseFormat(id) as FloatSpec;
      const structured = structuredFloat32ForFloat(spec);
      for (const [j, mode] of ALL_MODES.entries()) {
        // Act
        const d1 = compareWithScalar(spec, structured, mode, 11 + j);
        const d2 = compareWithScalar(spec, randomFloat32Bits(RANDOM_PER_MODE, 1000 * i + j), mode, 17 + j);
        // Assert
        expect(d1, 'structured').toBe('');
        expect(d2, 'random').toBe('');
      }
    });
  }
  for (const [i, id] of FIXEDS.entries()) {
    it(`${id}: structured and random inputs, all modes`, () => {
      const spec = parseFormat(id) as FixedSpec;
      const structured = structuredFloat32ForFixed(spec);
      for (const [j, mode] of ALL_MODES.entries()) {
        const d1 = compareWithScalar(spec, structured, mode, 11 + j);
        const d2 = compareWithScalar(spec, randomFloat32Bits(RANDOM_PER_MODE, 5000 + 1000 * i + j), mode, 17 + j);
        expect(d1, 'structured').toBe('');
        expect(d2, 'random').toBe('');
      }
    });
  }
});
