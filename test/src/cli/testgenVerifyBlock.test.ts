import { describe, expect, it } from 'vitest';
import { runCli } from './_run.js';

const MX = ['--format', 'mxfp4_e2m1', '--op', 'convert', '--from', 'float32'];
const ZP = ['--format', 'scaled(elem=uint8,scale=float(e=5,m=2,specials=none),block=8,zeroPoint=on)', '--op', 'convert', '--from', 'float32'];

/** Splits a block line into its inputs and its results (blocks of K, `z` tokens per block before the elements). */
function split(line: string, K: number, z: number): [string, string] {
  const t = line.split(' ');
  let n = 0;
  while (2 * n + z * Math.ceil(n / K) !== t.length) n++;
  return [t.slice(0, n).join(' '), t.slice(n).join(' ')];
}

describe('lowbit testgen and verify on block formats', () => {
  it('testgen writes vectors, testgen | verify passes, and --count, --seed behave as for scalars', () => {
    const r = runCli(['testgen', ...MX, '--count', '600', '--seed', '9']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(600);
    expect(lines.slice(0, 2)).toEqual(['80000000 00 8', '00000000 00 0']);
    expect(runCli(['testgen', ...MX, '--count', '600', '--seed', '9']).stdout).toBe(r.stdout);
    const v = runCli(['verify', ...MX], r.stdout);
    expect([v.code, v.stdout]).toEqual([0, '600 tests, 0 errors\n']);
  });
  it("the results on a line are what `lowbit quantize --input code --output code` prints for its inputs", () => {
    for (const [args, K, z] of [[MX, 32, 1], [ZP, 8, 2]] as const) {
      const lines = runCli(['testgen', ...args, '--rounding', 'rto', '--count', '400']).stdout.trim().split('\n');
      const parts = lines.map((l) => split(l, K, z));
      const q = runCli(['quantize', '--format', args[1]!, '--rounding', 'rto', '--input', 'code', '--from', 'float32', '--output', 'code'], parts.map((p) => p[0]).join('\n') + '\n');
      expect(q.code).toBe(0);
      expect(q.stdout.replace(/0x/g, '').toUpperCase().trim().split('\n')).toEqual(parts.map((p) => p[1]));
    }
  });
  it('verify prints each wrong line decoded and exits 1', () => {
    const lines = ['3F800000 40000000 40400000 42C80000 83 0 0 0 7', '3F800000 40000000 40400000 42C80000 84 0 0 0 6', '7FC00000 3F800000 FF 5 5'];
    const v = runCli(['verify', ...MX], lines.join('\n') + '\n');
    expect(v.code).toBe(1);
    expect(v.stdout).toBe('line 2: convert 4 input(s): block 1 (x1..x4): scale expected 83 (2^4), got 84 (2^5), x4 = 100: expected 7 (96), got 6 (128)\n3 tests, 1 errors\n');
    const exact = runCli(['verify', ...MX, '--nan-payload', 'exact', '--ignore-flags'], lines[2] + '\n');
    expect(exact.code).toBe(1);
    expect(exact.stdout).toMatch(/^line 1: convert 2 input\(s\): block 1 \(x1..x2\): x1 = nan: expected 0 \(nan\), got 5 \(nan\), x2 = 1: expected 0 \(nan\), got 5 \(nan\)\n1 tests, 1 errors\n$/);
  });
  it('sr: verify checks the neighbours and the frequencies over the elements', () => {
    const g = runCli(['testgen', ...ZP, '--rounding', 'sr', '--seed', '2', '--count', '500']).stdout;
    const v = runCli(['verify', ...ZP, '--rounding', 'sr'], g);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/^sr: Poisson-binomial test, Bonferroni-corrected p = [\d.e-]+ at alpha 0.001: consistent with the exact probabilities\n500 tests, 0 errors\n$/m);
  });
  it.each([
    [['testgen', '--format', 'mxfp4_e2m1', '--op', 'add'], /^lowbit: --op: a block format is tested on convert \(quantizing a vector of --from inputs\); got "add"$/],
    [['testgen', '--format', 'nvfp4', '--op', 'convert'], /^lowbit: --from: convert needs the input format \(from\), a float format such as float32 or float64; got none$/],
    [['verify', '--format', 'nvfp4', '--op', 'convert', '--from', 'int8'], /^lowbit: --from: the inputs of a block format are floats \(float32, float64, bfloat16, …\); got "int8"$/],
    [['testgen', ...MX, '--rounding', 'per-line'], /^lowbit: --rounding: /],
    [['testgen', ...MX, '--level', '0'], /^lowbit: --level: must be 1 or 2; got "0"$/],
    [['verify', '--format', 'scaled(elem=ternary,scale=float32,block=8)', '--op', 'convert', '--from', 'float32', '--rounding', 'sr'], /^lowbit: --rounding: 'sr' is checked for float, fixed and pow2 elements; .* has ternary elements \(use a deterministic mode\)$/],
  ])('bad input: %j is one line, exit 2', (args, re) => {
    const r = runCli(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(re as RegExp);
  });
  it('verify: a malformed line stops with exit 2 after the lines before it were checked', () => {
    const r = runCli(['verify', ...MX], '3F800000 7D 5\n3F800000 7D\n');
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^line 1: convert 1 input\(s\)/);
    expect(r.stderr).toBe('lowbit: line 2: 2 tokens make no test line of mxfp4_e2m1 (n input codes, then per block a scale and its element codes; blocks of 32: 2n + blocks tokens)\n');
  });
});
