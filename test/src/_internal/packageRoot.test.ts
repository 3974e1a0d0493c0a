import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENTRY_POINTS, IS_GIT_CHECKOUT, PACKAGE_ROOT, RUNNING_FROM_SOURCE, entryPath, nodeArgsFor, packageVersion } from '../../../src/_internal/packageRoot.js';

const ROOT = resolve(fileURLToPath(new URL('../../../', import.meta.url)));

describe('packageRoot: where lowbit finds its own files', () => {
  it('finds the clone as the package root, and knows it runs from the sources here', () => {
    expect(PACKAGE_ROOT).toBe(ROOT);
    expect(RUNNING_FROM_SOURCE).toBe(true);
    expect(IS_GIT_CHECKOUT).toBe(true);
    expect(packageVersion()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });

  it('every entry of the build table has its source, and from the sources entryPath gives that source', () => {
    for (const [name, source] of Object.entries(ENTRY_POINTS)) {
      expect(existsSync(join(ROOT, source)), `${name}: ${source}`).toBe(true);
      expect(entryPath(name as keyof typeof ENTRY_POINTS)).toBe(join(ROOT, source));
    }
  });

  it('every entry is built to dist/<name>.js (test/globalSetup.ts builds dist/)', () => {
    for (const name of Object.keys(ENTRY_POINTS)) expect(existsSync(join(ROOT, 'dist', `${name}.js`)), name).toBe(true);
  });

  it('package.json bin and exports point at built entries', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; exports: Record<string, string | { default: string; types: string }> };
    expect(pkg.bin.lowbit).toBe('dist/cli.js');
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      if (typeof target === 'string') continue; // ./package.json
      expect(target.default, subpath).toMatch(/^\.\/dist\/[a-z]+\.js$/);
      expect(existsSync(join(ROOT, target.default)), subpath).toBe(true);
      expect(target.types, subpath).toMatch(/^\.\/dist\/types\/.*\.d\.ts$/);
    }
  });

  it('a child process needs tsx only for TypeScript', () => {
    expect(nodeArgsFor('/x/worker.js')).toEqual([]);
    expect(nodeArgsFor('/x/worker.mjs')).toEqual([]);
    const args = nodeArgsFor('/x/worker.ts');
    expect(args[0]).toBe('--import');
    expect(args[1]).toMatch(/^file:\/\/.*\/node_modules\/tsx\/.*\.mjs$/);
  });
});
