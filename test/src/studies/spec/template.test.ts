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
  it('regression: template {size(zeros(40000,40000))[1]} crashes the runner with a V8 OOM (issue 11): matrix constructors are refused at once', () => {
    const t0 = performance.now();
    expect(() => expandTemplate('{size(zeros(40000,40000))[1]}', { p: 1 })).toThrow(/^template \{size\(zeros\(40000,40000\)\)\[1\]\}: (function size is not allowed|AccessorNode is not allowed)/);
    expect(performance.now() - t0).toBeLessThan(1000); // refused before anything is allocated
    expect(() => expandTemplate('{zeros(3)}', {})).toThrow(/function zeros is not allowed; allowed: min, max/);
    expect(() => expandTemplate('{[1,2]}', {})).toThrow(/ArrayNode is not allowed \(arithmetic on numbers only\)/);
    expect(() => expandTemplate('{"a"}', {})).toThrow(/only numbers are allowed; got "a"/);
    expect(() => expandTemplate('{f(x)=x}', {})).toThrow(/FunctionAssignmentNode is not allowed/);
    expect(() => expandTemplate('{x=1}', {})).toThrow(/AssignmentNode is not allowed/);
    expect(() => expandTemplate('{import}', {})).toThrow(/unknown variable import/);
    expect(() => expandTemplate('{evaluate(1)}', {})).toThrow(/function evaluate is not allowed/);
    expect(() => expandTemplate('{2 inch}', {})).toThrow(/unknown numeric variable inch/);
  });
  it('bounds the expression size', () => {
    const long = Array.from({ length: 60 }, () => 'p').join('+');
    expect(() => expandTemplate(`{${long}}`, { p: 1 })).toThrow(/expression has 119 nodes; at most 100 are allowed/);
    expect(() => expandTemplate(`{${'1+'.repeat(150)}1}`, {})).toThrow(/expression is 301 characters long; at most 200 are allowed/);
  });
  it('keeps scalar arithmetic: operators, comparisons, conditionals and the whitelisted functions, as mathjs computes them', () => {
    const s = { w: 8, a: 2 };
    expect(expandTemplate('{w-1-min(5,w-2)}', s)).toBe(2);
    expect(expandTemplate('{2w + a^3 % 5}', s)).toBe(19);
    expect(expandTemplate('{-7 % 3}', s)).toBe(2); // mathjs mod: x - y floor(x/y)
    expect(expandTemplate('{round(-2.5)}', s)).toBe(-3); // half away from zero, as mathjs
    expect(expandTemplate('{(w > 4 and a != 3) ? log2(w) : 0}', s)).toBe(3);
    expect(expandTemplate('{not (w <= 8)}', s)).toBe(0);
    expect(expandTemplate('{max(floor(w/3), ceil(1.2), abs(-1), sqrt(4), fix(-1.5), sign(-3), pow(2, 3), mod(7, 4))}', s)).toBe(8);
  });
  it('looks variables up as own properties only', () => {
    expect(() => expandTemplate('{constructor}', { p: 1 })).toThrow(/^template \{constructor\}: unknown variable constructor; defined: p$/);
    expect(() => expandTemplate('{toString + 1}', { p: 1 })).toThrow(/unknown numeric variable toString/);
  });
  it('reports which names a template uses', () => {
    expect(hasTemplate('a{b}')).toBe(true);
    expect(hasTemplate('fixed(w=8,f=4)')).toBe(false);
    expect(templateNames('fixed(w={p},f={p-u})')).toEqual(['p', 'u']);
  });
});
