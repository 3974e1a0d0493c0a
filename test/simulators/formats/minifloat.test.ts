import { describe, expect, it } from 'vitest';
import { parseFormat } from '../../../simulators/formats/parseFormat.js';
import type { FloatSpec } from '../../../simulators/formats/formatSpec.js';
import { PRESET_IDS } from '../../../simulators/formats/presets.js';
import { handlerFor } from '../../../simulators/registry.js';
import { quantize } from '../../../simulators/quantize.js';
import { floatLayout } from '../../../simulators/formats/floatLayout.js';

/** Independent slow decode (the textbook formula with Math.pow), the oracle for exhaustive sweeps. */
function slowDecode(spec: FloatSpec, code: number): number {
  const { e, m, specials } = spec;
  const sign = Math.floor(code / 2 ** (e + m)) === 1 ? -1 : 1;
  const ef = Math.floor(code / 2 ** m) % 2 ** e;
  const mf = code % 2 ** m;
  const bias = specials === 'fnuz' ? 2 ** (e - 1) : 2 ** (e - 1) - 1;
  if (specials === 'ieee' && ef === 2 ** e - 1) return mf === 0 ? sign * Infinity : NaN;
  if (specials === 'fn' && ef === 2 ** e - 1 && mf === 2 ** m - 1) return NaN;
  if (specials === 'fnuz' && sign < 0 && ef === 0 && mf === 0) return NaN;
  if (ef === 0) return sign * mf * Math.pow(2, 1 - bias - m);
  return sign * (1 + mf / 2 ** m) * Math.pow(2, ef - bias);
}

const SMALL_FLOAT_PRESETS = PRESET_IDS.filter((id) => {
  const s = parseFormat(id);
  return s.kind === 'float' && 1 + s.e + s.m <= 16;
});

describe('float formats: known values', () => {
  it('FP4 E2M1 has exactly {0, 0.5, 1, 1.5, 2, 3, 4, 6} and their negatives', () => {
    const spec = parseFormat('float4_e2m1fn');
    const h = handlerFor(spec);
    const values = Array.from({ length: 16 }, (_, c) => h.decode(spec, BigInt(c)));
    expect(values.slice(0, 8)).toEqual([0, 0.5, 1, 1.5, 2, 3, 4, 6]);
    expect(values.slice(8)).toEqual([-0, -0.5, -1, -1.5, -2, -3, -4, -6]);
  });
  it('E4M3FN max is 448, E5M2 max is 57344, float16 max 65504, E4M3FNUZ max 240', () => {
    expect(floatLayout(parseFormat('float8_e4m3fn') as FloatSpec).maxFinite).toBe(448);
    expect(floatLayout(parseFormat('float8_e5m2') as FloatSpec).maxFinite).toBe(57344);
    expect(floatLayout(parseFormat('float16') as FloatSpec).maxFinite).toBe(65504);
    expect(floatLayout(parseFormat('float8_e4m3fnuz') as FloatSpec).maxFinite).toBe(240);
    expect(quantize(parseFormat('float8_e4m3fn'), 1e9)).toBeNaN(); // ml_dtypes/PyTorch: overflow is NaN
    expect(quantize(parseFormat('float(e=4,m=3,specials=fn)'), 1e9)).toBe(448); // OCP SAT
    expect(quantize(parseFormat('float8_e5m2'), 1e9)).toBe(Infinity);
    expect(quantize(parseFormat('float6_e3m2fn'), 1e9)).toBe(28);
    expect(quantize(parseFormat('float6_e2m3fn'), 1e9)).toBe(7.5);
  });
  it('float32 and bfloat16 agree with Math.fround and bit truncation on sample values', () => {
    const f32 = parseFormat('float32');
    for (const x of [Math.PI, 1 / 3, 1e-40, 3.4e38, -2.5e-45, 123456789]) expect(quantize(f32, x)).toBe(Math.fround(x));
  });
});

describe.each(SMALL_FLOAT_PRESETS)('exhaustive sweep of %s (every code)', (id) => {
  const spec = parseFormat(id) as FloatSpec;
  const h = handlerFor(spec);
  const n = 2 ** (1 + spec.e + spec.m);
  it('decode matches the textbook formula, and every code round-trips through encode', () => {
    let bad = 0;
    for (let c = 0; c < n; c++) {
      const v = h.decode(spec, BigInt(c));
      const ref = slowDecode(spec, c);
      if (!Object.is(v, ref) && !(Number.isNaN(v) && Number.isNaN(ref))) bad++;
      if (Number.isNaN(v)) continue;
      if (h.encode(spec, v) !== BigInt(c)) bad++;
      if (h.decode(spec, h.encode(spec, v)) !== v) bad++;
    }
    expect(bad).toBe(0);
  });
  it('code order matches value order, and the next code is the next value', () => {
    const half = n / 2;
    const pos = Array.from({ length: half }, (_, c) => h.decode(spec, BigInt(c))).filter((v) => !Number.isNaN(v));
    let bad = 0;
    for (let i = 1; i < pos.length; i++) if (!(pos[i]! > pos[i - 1]!)) bad++;
    // every positive value rounds to itself and its midpoint with the next rounds to one of the two
    for (let i = 0; i + 1 < pos.length && Number.isFinite(pos[i + 1]!); i++) {
      const mid = (pos[i]! + pos[i + 1]!) / 2;
      if (quantize(spec, pos[i]!) !== pos[i]) bad++;
      const r = quantize(spec, mid);
      if (r !== pos[i] && r !== pos[i + 1]) bad++;
      if (quantize(spec, mid, { rounding: 'rdn' }) !== pos[i]) bad++;
      if (quantize(spec, mid, { rounding: 'rup' }) !== pos[i + 1]) bad++;
    }
    expect(bad).toBe(0);
  });
});

describe('float layouts whose values are not all doubles are refused', () => {
  it('a hand-built FloatSpec with e=11 and specials=fn (emax 1024) throws instead of giving Infinity as max', () => {
    const spec = { kind: 'float', e: 11, m: 52, subnormals: 'on', specials: 'fn', overflow: 'saturate' } as const;
    expect(() => quantize(spec, 1)).toThrow(/float\(e=11,m=52,specials=fn\): values fall outside binary64/);
  });
});
