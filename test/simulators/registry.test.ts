import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { familyForName, familyNames, familyPresets, handlerFor } from '../../simulators/registry.js';
import { parseFormat, formatToString, CONTEXT } from '../../simulators/formats/parseFormat.js';
import { PRESET_IDS } from '../../simulators/formats/presets.js';
import type { FormatSpec } from '../../simulators/formats/formatSpec.js';

const FORMATS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'simulators', 'formats');

/** One spec per spec-string name, so every family is exercised. */
const SAMPLES: Record<string, string> = {
  float: 'float(e=4,m=3)',
  fixed: 'fixed(w=8,f=4)',
  ufixed: 'ufixed(w=8,f=8)',
  dfixed: 'dfixed(w=10)',
  pow2: 'pow2(min=-4,max=3)',
  binary: 'binary',
  ternary: 'ternary(threshold=0.5)',
  mx: 'mx(elem=float4_e2m1fn)',
  nvfp4: 'nvfp4',
  scaled: 'scaled(elem=int8,scale=float32,block=channel)',
};

describe('format registry: families are complete plug-ins', () => {
  it('every spec name has a sample, and every family provides every member', () => {
    for (const name of familyNames()) {
      expect(SAMPLES, `sample for ${name}`).toHaveProperty(name);
      const spec = parseFormat(SAMPLES[name]!);
      const f = handlerFor(spec);
      expect(f.kind).toBe(spec.kind);
      expect(familyForName(name)).toBe(f);
      // every entry point answers through the family
      expect(parseFormat(formatToString(spec))).toEqual(spec);
      expect(f.bits(spec)).toBeGreaterThan(0);
      expect(f.describe(spec, CONTEXT).length).toBeGreaterThan(0);
      const facts = f.facts(spec, CONTEXT);
      expect(facts.bits).toBe(f.bits(spec));
      expect(facts.bitsPerElement).toBeGreaterThanOrEqual(facts.bits);
      expect(f.operand(spec).bits).toBe(f.bits(spec));
      expect(['string', 'undefined']).toContain(typeof f.float32Limitation(spec));
      expect(f.modes).toContain('rne');
    }
  });
  it('family presets all parse and read back', () => {
    for (const [id, text] of familyPresets()) {
      expect(PRESET_IDS).toContain(id);
      expect(formatToString(parseFormat(id))).toBe(formatToString(parseFormat(text)));
    }
  });
  it('lookups of user strings are own-property: constructor, __proto__, toString are unknown (regression: "is not a function")', () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) expect(familyForName(name)).toBeUndefined();
    expect(() => handlerFor({ kind: 'constructor' } as unknown as FormatSpec)).toThrow(/no simulator for format kind "constructor"; known: float, fixed/);
    expect(() => handlerFor(null as unknown as FormatSpec)).toThrow(/no simulator for format kind undefined/);
  });
  it('family modules import neither the parser, the presets nor describeFormat (the registry imports them all)', () => {
    const families = readdirSync(FORMATS_DIR).filter((f) => /Family\.ts$/.test(f) && f !== 'formatFamily.ts');
    expect(families.length).toBeGreaterThanOrEqual(6);
    for (const f of families) {
      const text = readFileSync(join(FORMATS_DIR, f), 'utf8');
      expect(text, f).not.toMatch(/from '\.\/(parseFormat|presets|describeFormat)\.js'/);
    }
  });
});
