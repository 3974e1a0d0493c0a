import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from './_run.js';

describe('lowbit testgen', () => {
  it('writes TestFloat lines: operands, result, flags in upper-case hex, one mode per file', () => {
    const r = runCli(['testgen', '--format', 'float16', '--op', 'add', '--count', '3']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('0000 0000 0000 00\n0000 0001 0001 00\n0000 0002 0002 00\n');
    const f = runCli(['testgen', '--format', 'float8_e4m3fn', '--op', 'convert', '--from', 'float32', '--count', '2', '--rounding', 'rtz']);
    expect(f.stdout.split('\n').slice(0, 2).every((l) => /^[0-9A-F]{8} [0-9A-F]{2} [0-9A-F]{2}$/.test(l))).toBe(true);
    const x = runCli(['testgen', '--format', 'fixed(w=12,f=4)', '--op', 'fma', '--count', '1']);
    expect(x.stdout).toMatch(/^[0-9A-F]{3} [0-9A-F]{3} [0-9A-F]{3} [0-9A-F]{3} [0-9A-F]{2}\n$/);
  });
  it('the same seed gives the same file; --count caps it', () => {
    const args = ['testgen', '--format', 'float32', '--op', 'sqrt', '--seed', '5'];
    const a = runCli(args).stdout;
    expect(runCli(args).stdout).toBe(a);
    expect(runCli([...args.slice(0, -1), '6']).stdout).not.toBe(a);
    expect(runCli([...args, '--count', '10']).stdout).toBe(a.split('\n').slice(0, 10).join('\n') + '\n');
  });
  it('--level 2 on an 8-bit format writes every operand pair', () => {
    const r = runCli(['testgen', '--format', 'float8_e5m2', '--op', 'mul', '--level', '2']);
    const pairs = new Set(r.stdout.trim().split('\n').map((l) => l.slice(0, 5)));
    expect(pairs.size).toBe(65536);
  });
  it('leaves out, and says so, results that are NaN in a format without NaN', () => {
    const r = runCli(['testgen', '--format', 'float4_e2m1fn', '--op', 'div', '--level', '2']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(256 - 32);
    expect(r.stderr).toBe('lowbit testgen: left out 32 case(s) whose result is NaN, which the format cannot encode\n');
  });
});

describe('lowbit verify', () => {
  const gen = (args: string[]) => runCli(['testgen', ...args]).stdout;
  it('accepts testgen output: "N tests, 0 errors", exit 0', () => {
    const lines = gen(['--format', 'bfloat16', '--op', 'div', '--rounding', 'rup', '--count', '3000']);
    const r = runCli(['verify', '--format', 'bfloat16', '--op', 'div', '--rounding', 'rup'], lines);
    expect(r.stdout).toBe('3000 tests, 0 errors\n');
    expect(r.code).toBe(0);
  });
  it('prints each mismatch decoded and exits 1', () => {
    const lines = gen(['--format', 'float16', '--op', 'sub', '--count', '500']).split('\n');
    lines[9] = '3C00 BC00 4001 00';
    lines[99] = lines[99]!.replace(/..$/, '1F');
    const r = runCli(['verify', '--format', 'float16', '--op', 'sub'], lines.join('\n'));
    expect(r.code).toBe(1);
    const out = r.stdout.trim().split('\n');
    expect(out[0]).toBe('line 10: sub 3C00 (1) BC00 (-1): expected 4000 (2) flags ....., got 4001 (2.001953125) flags ..... (result differs)');
    expect(out[1]).toMatch(/^line 100: sub .*got .* flags vzoux \(.*raised, not expected/);
    expect(out.at(-1)).toBe('500 tests, 2 errors');
    expect(runCli(['verify', '--format', 'float16', '--op', 'sub', '--ignore-flags'], lines.join('\n')).stdout.trim().split('\n').at(-1)).toBe('500 tests, 1 errors');
  });
  it('sr: checks neighbours and prints the frequency test with its p-value', () => {
    const lines = gen(['--format', 'float8_e4m3fn', '--op', 'add', '--rounding', 'sr', '--seed', '9', '--count', '5000']);
    const r = runCli(['verify', '--format', 'float8_e4m3fn', '--op', 'add', '--rounding', 'sr'], lines);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^sr: \d+ of \d+ rounded up, expected [\d.]+ ± [\d.]+, p = [\d.e-]+ \((exact|normal)\)$/m);
    expect(r.stdout).toMatch(/^sr: Poisson-binomial test, Bonferroni-corrected p = [\d.e-]+ at alpha 0.001: consistent with the exact probabilities$/m);
    expect(r.stdout.trim().split('\n').at(-1)).toBe('5000 tests, 0 errors');
  });
  it('reads a results file of an RTL simulator: lower-case hex and tabs are fine', () => {
    const r = runCli(['verify', '--format', 'float32', '--op', 'mul', '--rounding', 'rtz'], '3f800000\t3f800000\t3f800000\t00\n\n');
    expect(r.stdout).toBe('1 tests, 0 errors\n');
  });
});

describe('testgen and verify: bad input is one line on stderr, exit 2', () => {
  it.each([
    [['testgen', '--format', 'float16', '--op', 'pow'], /^lowbit: --op: must be one of add, sub, mul, div, sqrt, fma, convert; got "pow"$/],
    [['testgen', '--format', 'float9', '--op', 'add'], /^lowbit: --format: format "float9": unknown format 'float9'/],
    [['testgen', '--format', 'binary', '--op', 'add'], /^lowbit: --format: a unit can be tested in a float or fixed format; got a binary format/],
    [['testgen', '--format', 'float16', '--op', 'convert'], /^lowbit: --from: convert needs the operand format \(from\); got none$/],
    [['testgen', '--format', 'float16', '--op', 'add', '--from', 'float32'], /^lowbit: --from: only convert takes an operand format; got "float32" with op add$/],
    [['testgen', '--format', 'float16', '--op', 'add', '--level', '3'], /^lowbit: --level: must be 1 or 2; got "3"$/],
    [['testgen', '--format', 'float16', '--op', 'add', '--count', '-1'], /^lowbit: --count: must be an integer ≥ 0; got "-1"$/],
    [['testgen', '--format', 'float16', '--op', 'add', '--seed', 'x'], /^lowbit: --seed: must be an integer; got "x"$/],
    [['testgen', '--format', 'float16', '--op', 'add', '--rounding', 'log'], /^lowbit: --rounding: 'log' is not available for float formats/],
    [['verify', '--format', 'float16', '--op', 'add', '--nan-payload', 'bits'], /^lowbit: --nan-payload: must be class or exact; got "bits"$/],
    [['verify', '--format', 'float16', '--op', 'add', '--alpha', '2'], /^lowbit: --alpha: must be a number in \(0, 1\); got "2"$/],
  ])('%j', (args, re) => {
    const r = runCli(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(re as RegExp);
  });
  it('verify: a malformed line stops with exit 2 after the lines before it were checked', () => {
    const r = runCli(['verify', '--format', 'float16', '--op', 'add'], '3C00 3C00 4001 00\n3C00 3C00\n3C00 3C00 4000 00\n');
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^line 1: add /);
    expect(r.stderr).toBe('lowbit: line 2: add needs 4 fields (2 operand(s), result, flags); got 2 in "3C00 3C00"\n');
  });
});

describe('testgen and verify load no tfjs, mathjs, vega or SQLite', () => {
  const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
  /** Every module reachable from a file through static and dynamic imports (project files followed, packages listed). */
  function graph(entry: string): { files: Set<string>; packages: Set<string> } {
    const files = new Set<string>();
    const packages = new Set<string>();
    const visit = (f: string) => {
      if (files.has(f)) return;
      files.add(f);
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
        const spec = (m[1] ?? m[2])!;
        if (spec.startsWith('.')) visit(resolve(dirname(f), spec).replace(/\.js$/, '.ts'));
        else packages.add(spec);
      }
    };
    visit(join(ROOT, entry));
    return { files, packages };
  }
  it.each(['src/cli/commands/testgen.ts', 'src/cli/commands/verify.ts', 'src/testing/index.ts'])('%s', (entry) => {
    const g = graph(entry);
    const heavy = [...g.packages].filter((p) => /^(@tensorflow\/|mathjs|vega|better-sqlite3)/.test(p));
    expect(heavy).toEqual([]);
    expect(g.files.size).toBeGreaterThan(5);
  });
});
