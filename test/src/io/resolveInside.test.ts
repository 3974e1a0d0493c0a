import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { resolveInside } from '../../../src/io/resolveInside.js';
import { UnsafePathError } from '../../../src/io/unsafePathError.js';

describe('resolveInside', () => {
  it('resolves relative paths inside the base', () => {
    expect(resolveInside('runs', 'mnist/f32', 'config.name')).toBe(resolve('runs/mnist/f32'));
    expect(resolveInside('/m', 'a/../weights.bin', 'p')).toBe('/m/weights.bin');
    expect(resolveInside('/m', '.', 'p', { allowBase: true })).toBe('/m');
  });

  it.each([['../x'], ['a/../../x'], ['/etc/hostname'], ['../../../../etc/hostname'], ['.'], [''], ['a\0b']])('refuses %j', (p) => {
    expect(() => resolveInside('/work/runs', p, 'config.name')).toThrow(UnsafePathError);
    expect(() => resolveInside('/work/runs', p, 'config.name')).toThrow(/^config\.name: /);
  });

  it('refuses non-strings, naming the value', () => {
    expect(() => resolveInside('/m', 42, 'weightsManifest path')).toThrow(/weightsManifest path: must be a non-empty relative path .*got 42/);
  });

  it('refuses an existing symlink that points outside the base', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lowbit-inside-'));
    mkdirSync(join(dir, 'base'));
    mkdirSync(join(dir, 'out'));
    symlinkSync(join(dir, 'out'), join(dir, 'base', 'link'));
    expect(() => resolveInside(join(dir, 'base'), 'link/x', 'p')).toThrow(/leaves the folder/);
    symlinkSync(join(dir, 'base'), join(dir, 'base', 'self'));
    expect(resolveInside(join(dir, 'base'), 'self/x', 'p')).toBe(join(dir, 'base', 'self', 'x'));
  });
});
