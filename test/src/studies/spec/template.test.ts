import { describe, expect, it } from 'vitest';
import { expandTemplate, hasTemplate, templateNames } from '../../../../src/studies/spec/template.js';

describe('expandTemplate', () => {
  it('substitutes variables and evaluates expressions, innermost first', () => {
    expect(expandTemplate('fixed(w={p},f={p-5})', { p: 10 })).toBe('fixed(w=10,f=5)');
    expect(expandTemplate('{fmt}', { fmt: 'float(e=5,m={p-6})', p: 12 })).toBe('float(e=5,m=6)');
    expect(expandTemplate('{p/4}', { p: 10 })).toBe(2.5);
    expect(expandTemplate('{p}', { p: 10 })).toBe(10); // a lone numeric template stays a number
    expect(expandTemplate('{p}', { p: 'x' })).toBe('x');
    expect(expandTemplate('w{p}', { p: 3 })).toBe('w3');
    expect(expandTemplate('{fam == 2 ? 1 : 0}', { fam: 2 })).toBe(1);
    expect(expandTemplate('no templates', {})).toBe('no templates');
  });
  it('rejects unknown variables, bad expressions and self-reference', () => {
    expect(() => expandTemplate('{q}', { p: 1 })).toThrow(/^template \{q\}: unknown variable q; defined: p$/);
    expect(() => expandTemplate('{p+}', { p: 1 })).toThrow(/^template \{p\+\}: /);
    expect(() => expandTemplate('{p/0}', { p: 1 })).toThrow(/must give a finite number; got Infinity/);
    expect(() => expandTemplate('{a}', { a: '{a}' })).toThrow(/nested deeper than 16/);
  });
  it('reports which names a template uses', () => {
    expect(hasTemplate('a{b}')).toBe(true);
    expect(hasTemplate('fixed(w=8,f=4)')).toBe(false);
    expect(templateNames('fixed(w={p},f={p-u})')).toEqual(['p', 'u']);
  });
});
