import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkUnit } from '../../../src/testing/checkUnit.js';
import { rightAdd, wrongAdd } from './wrongFp8Adder.js';

const DOC = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'docs', 'testing-your-unit.md');

/** Runs a property and returns fast-check's report and the cause's message ('' when it passes). */
function report(p: ReturnType<typeof checkUnit>, seed = 42): string {
  try {
    fc.assert(p, { seed });
    return '';
  } catch (e) {
    return `${(e as Error).message}\nCause: ${((e as Error).cause as Error).message}`;
  }
}

describe('checkUnit', () => {
  it('passes units that are correct: Math.fround over doubles is correctly rounded float32 (53 ≥ 2·24 + 2)', () => {
    for (const [op, f] of [
      ['add', (a: number, b: number) => Math.fround(a + b)],
      ['sub', (a: number, b: number) => Math.fround(a - b)],
      ['mul', (a: number, b: number) => Math.fround(a * b)],
      ['div', (a: number, b: number) => Math.fround(a / b)],
      ['sqrt', (a: number) => Math.fround(Math.sqrt(a))],
    ] as const) {
      expect(report(checkUnit(f, 'float32', op)), op).toBe('');
    }
    expect(report(checkUnit((a: number) => Math.fround(a), 'float32', 'convert', { from: 'float64' }))).toBe('');
    expect(report(checkUnit(rightAdd, 'float(e=4,m=3,specials=fn)', 'add', { io: 'code' }))).toBe('');
  });
  it('catches units that are wrong, with the shrunk case decoded', () => {
    // doubles are not float32 results: Math.fround forgotten
    const r = report(checkUnit((a: number, b: number) => a * b, 'float32', 'mul'));
    expect(r).toMatch(/Counterexample: \[mul\([0-9A-F]{8} \(.*\), [0-9A-F]{8} \(.*\)\)\]/);
    expect(r).toMatch(/Cause: float32 rne: mul\(.*\): expected [0-9A-F]{8} \(.*\) flags .{5}, got .*which is not a value of float32/);
    // flags are compared when the unit returns them
    const flags = report(checkUnit((a: number, b: number) => ({ value: Math.fround(a + b), flags: 0 }), 'float32', 'add'));
    expect(flags).toMatch(/\(x \(inexact\) expected, not raised\)|\(o \(overflow\) expected, not raised.*\)|\(v \(invalid\) expected, not raised\)/);
  });
  it('the worked example of docs/testing-your-unit.md: the FP8 adder with ties away is caught, as the doc shows', () => {
    const r = report(checkUnit(wrongAdd, 'float(e=4,m=3,specials=fn)', 'add', { io: 'code' }), 42);
    expect(r).toMatch(/Counterexample: \[add\(/);
    expect(r).toMatch(/result differs/);
    // the doc quotes this run's output verbatim
    const doc = readFileSync(DOC, 'utf8');
    const shown = /```text\n(Property failed[\s\S]*?)```/.exec(doc)?.[1];
    // and shows the adder's code as this test runs it
    const src = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'wrongFp8Adder.ts'), 'utf8');
    for (const fn of ['function decodeE4m3', 'function encodeE4m3']) {
      const body = (text: string) => text.slice(text.indexOf(fn), text.indexOf('\n}\n', text.indexOf(fn)));
      expect(body(doc).replace(/^export /m, '')).toBe(body(src));
    }
    expect(shown?.trim()).toBe(r.replace(/\nHint:.*\n?/, '\n').replace(/\n+/g, '\n').trim());
  });
  it('sr: a result must be one of the two neighbours (no frequency test per case)', () => {
    const spec = 'float(e=4,m=3,specials=fn)';
    expect(report(checkUnit(rightAdd, spec, 'add', { io: 'code', rounding: 'sr' }))).toBe('');
    const r = report(checkUnit((a: number, b: number) => rightAdd(a, b) ^ 2, spec, 'add', { io: 'code', rounding: 'sr' }));
    expect(r).toMatch(/Cause: .* sr: add\(.*\): expected .* or .*|Cause: .* sr: add\(.*\): expected .*result differs/);
  });
  it('rejects bad arguments naming them', () => {
    expect(() => checkUnit('f' as never, 'float16', 'add')).toThrow(/checkUnit: unit must be a function; got string/);
    expect(() => checkUnit(() => 0, 'float16', 'pow')).toThrow(/op must be one of add, sub, mul, div, sqrt, fma, convert; got "pow"/);
    expect(() => checkUnit(() => 0, 'float16', 'add', { io: 'hex' as 'code' })).toThrow(/options.io must be value, code or bigint; got "hex"/);
    expect(() => checkUnit(() => 0, 'float64', 'add', { io: 'code' })).toThrow(/use 'bigint' for float64/);
    expect(() => checkUnit(() => 0, 'float16', 'add', { rounding: 'log' })).toThrow(/rounding 'log' is not available/);
  });
});
