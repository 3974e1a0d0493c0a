import { familyPresets } from '../registry.js';

/**
 * Named scalar formats, following ml_dtypes / OCP names (the keys used in experiment JSON). A preset named after
 * an ml_dtypes and PyTorch type converts as they do: `float8_e4m3fn`, `float8_e4m3fnuz` and `float8_e5m2fnuz`
 * give NaN on overflow (ml_dtypes #260 and #400, PyTorch's eager cast), not the largest value; OCP's saturating
 * conversion (OFP8 "SAT") is `overflow=saturate`, e.g. `float(e=4,m=3,specials=fn)` (the spec string's default).
 * FP6/FP4 have no NaN, so they saturate. Block-scaled presets (MX, NVFP4) come from their family modules.
 *
 * | preset            | spec                                          | overflow |
 * |-------------------|-----------------------------------------------|----------|
 * | float8_e4m3fn     | float(e=4,m=3,specials=fn,overflow=nan)       | NaN      |
 * | float8_e4m3fnuz   | float(e=4,m=3,specials=fnuz,overflow=nan)     | NaN      |
 * | float8_e5m2fnuz   | float(e=5,m=2,specials=fnuz,overflow=nan)     | NaN      |
 * | float8_e5m2       | float(e=5,m=2)                                | ±inf     |
 *
 * References: IEEE 754-2019 (binary16/32/64); OCP 8-bit Floating Point Specification (OFP8) rev 1.0 (E4M3 "fn":
 * no inf, max 448; E5M2); OCP Microscaling Formats (MX) v1.0 (FP6 E3M2/E2M3 and FP4 E2M1: no inf, no NaN);
 * Graphcore/AMD "fnuz" FP8 (no −0, single NaN at 0x80); NVIDIA TF32 (e8m10); ml_dtypes `float8_*` conversions.
 */
const SCALAR_PRESETS: Readonly<Record<string, string>> = {
  float64: 'float(e=11,m=52)',
  float32: 'float(e=8,m=23)',
  tf32: 'float(e=8,m=10)',
  bfloat16: 'float(e=8,m=7)',
  float16: 'float(e=5,m=10)',
  float8_e5m2: 'float(e=5,m=2)',
  float8_e4m3fn: 'float(e=4,m=3,specials=fn,overflow=nan)',
  float8_e4m3fnuz: 'float(e=4,m=3,specials=fnuz,overflow=nan)',
  float8_e5m2fnuz: 'float(e=5,m=2,specials=fnuz,overflow=nan)',
  float6_e3m2fn: 'float(e=3,m=2,specials=none)',
  float6_e2m3fn: 'float(e=2,m=3,specials=none)',
  float4_e2m1fn: 'float(e=2,m=1,specials=none)',
  int4: 'fixed(w=4,f=0)',
  int8: 'fixed(w=8,f=0)',
  int16: 'fixed(w=16,f=0)',
  int32: 'fixed(w=32,f=0)',
  uint8: 'ufixed(w=8,f=0)',
};

/**
 * Every preset id → its spec string: the scalar presets, then those of the block families.
 * @example
 * FORMAT_PRESETS.bfloat16 // 'float(e=8,m=7)'
 */
export const FORMAT_PRESETS: Readonly<Record<string, string>> = Object.freeze({ ...SCALAR_PRESETS, ...Object.fromEntries(familyPresets()) });

/**
 * Preset ids in listing order.
 * @example
 * PRESET_IDS.filter((id) => id.startsWith('float8'))
 */
export const PRESET_IDS: readonly string[] = Object.keys(FORMAT_PRESETS);

const PRESET_MAP: ReadonlyMap<string, string> = new Map(Object.entries(FORMAT_PRESETS));

/**
 * The spec string of a preset id, or undefined (an own-property lookup: `constructor` is not a preset).
 * @example presetSpec('int8') // 'fixed(w=8,f=0)'
 */
export function presetSpec(id: string): string | undefined {
  return PRESET_MAP.get(id);
}
