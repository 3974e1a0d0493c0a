import { describe, expect, it } from 'vitest';
import { intArg, parseSpecArgs, splitTopLevel } from '../../../simulators/formats/specArgs.js';

describe('spec arguments', () => {
  it('splits at top-level commas only, so values nest', () => {
    expect(splitTopLevel('t', 'a=1,b=g(x=2,y=h(z=3)),c=4')).toEqual(['a=1', 'b=g(x=2,y=h(z=3))', 'c=4']);
    const a = parseSpecArgs('t', 'elem=float(e=4,m=3), scale=pow2(min=-127,max=127) ,block=32,amax=percentile(99.9)');
    expect([...a.entries()]).toEqual([
      ['elem', 'float(e=4,m=3)'],
      ['scale', 'pow2(min=-127,max=127)'],
      ['block', '32'],
      ['amax', 'percentile(99.9)'],
    ]);
  });
  it('keys are camelCase words; a Map holds them, so constructor is an ordinary key', () => {
    const a = parseSpecArgs('t', 'zeroPoint=on,constructor=1');
    expect(a.get('zeroPoint')).toBe('on');
    expect(a.get('constructor')).toBe('1');
    expect(a.get('toString')).toBeUndefined();
  });
  it.each([
    ['a=1,b=g(x=2', /unbalanced '\('/],
    ['a=1)', /unbalanced '\)'/],
    ['e=4 m=3', /malformed argument 'e=4 m=3'; expected key=value/],
    ['=4', /malformed argument/],
    ['a=1,a=2', /key 'a' given twice/],
  ])('rejects %s', (body, re) => {
    expect(() => parseSpecArgs('f(' + body + ')', body)).toThrow(re);
  });
  it('intArg names the key, the value and the range', () => {
    expect(() => intArg('t', new Map([['w', 'x']]), 'w', 1, 53)).toThrow(/format "t": w must be an integer in 1\.\.53; got x/);
    expect(() => intArg('t', new Map(), 'w', 1, 53)).toThrow(/missing key 'w'/);
    expect(intArg('t', new Map(), 'w', 1, 53, 8)).toBe(8);
  });
});
