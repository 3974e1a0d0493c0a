import { describe, expect, it } from 'vitest';
import { parseConfigPath, formatConfigPath, setAtPath, getAtPath } from '../../../../../src/studies/spec/_internal/configPath.js';

describe('config paths', () => {
  it('parses keys and indices and formats them back', () => {
    expect(parseConfigPath('policy.default.weight.format')).toEqual(['policy', 'default', 'weight', 'format']);
    expect(parseConfigPath('model.hidden[1]')).toEqual(['model', 'hidden', 1]);
    expect(parseConfigPath('a[0][2].b')).toEqual(['a', 0, 2, 'b']);
    expect(formatConfigPath(['a', 0, 2, 'b'])).toBe('a[0][2].b');
  });
  it.each(['', '.a', 'a.', 'a..b', 'a[x]', 'a b', '[0]x', 'a.[0]', 'a.1b'])('rejects %j', (p) => {
    expect(() => parseConfigPath(p)).toThrow(new RegExp(`^config path ${JSON.stringify(p).replace(/[[\].]/g, '\\$&')} is malformed`));
  });
  it('regression: grid path __proto__.x pollutes Object.prototype (issue 11): reserved keys are refused', () => {
    for (const p of ['__proto__.x', 'a.constructor', 'prototype', 'a[0].__proto__']) expect(() => parseConfigPath(p)).toThrow(/is not allowed \(reserved: __proto__, constructor, prototype\)$/);
    expect(() => setAtPath({}, ['__proto__', 'x'], 1)).toThrow(/^__proto__: key '__proto__' is not allowed$/);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
  it('reads and writes own properties only', () => {
    const root: Record<string, unknown> = {};
    expect(getAtPath(root, ['toString'])).toBeUndefined();
    setAtPath(root, ['toString', 'x'], 1);
    expect(root).toEqual({ toString: { x: 1 } });
  });
  it('sets values, creating objects, and reads them back', () => {
    const root: Record<string, unknown> = { a: { b: [1, 2] } };
    setAtPath(root, parseConfigPath('a.b[1]'), 9);
    setAtPath(root, parseConfigPath('x.y.z'), 'v');
    expect(root).toEqual({ a: { b: [1, 9] }, x: { y: { z: 'v' } } });
    expect(getAtPath(root, ['x', 'y', 'z'])).toBe('v');
    expect(getAtPath(root, ['x', 'q', 'z'])).toBeUndefined();
    expect(() => setAtPath(root, parseConfigPath('a.b.c'), 1)).toThrow(/^a\.b: is not an object in the base config, cannot set key 'c'$/);
    expect(() => setAtPath(root, parseConfigPath('a.b[5]'), 1)).toThrow(/^a\.b\[5\]: index 5 is out of range of the base config$/);
  });
});
