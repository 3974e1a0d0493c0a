import { describe, expect, it } from 'vitest';
import { runCli } from './_run.js';
import { parseFormat } from '../../../simulators/formats/parseFormat.js';
import { arith } from '../../../simulators/arith/arith.js';
import { quantizeInput } from '../../../simulators/exactInput.js';
import { Rng } from '../../../simulators/random/rng.js';
import { f64ToHex } from '../../../simulators/_internal/bits.js';
import { parseCliNumber } from '../../../src/cli/io/parseNumber.js';

describe('lowbit quantize / arith / format(s)', () => {
  it('quantize streams one result per line in every output form, with flags', () => {
    const r = runCli(['quantize', '--format', 'float(e=4,m=3,specials=fn)', '--flags', '--output', 'code'], '1.5\n0.1\n-0\n1e-300\ninf\nnan\n0x3ff0000000000000\n1/3\n500\n');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(['0x3c -', '0x1d x', '0x80 -', '0x00 ux', '0x7e -', '0x7f -', '0x38 -', '0x2b x', '0x7e ox']);
    const v = runCli(['quantize', '--format', 'float16'], '0.1\n-0\n65520\n1e-9\n');
    expect(v.stdout.trim().split('\n')).toEqual(['0.0999755859375', '-0', 'inf', '0']);
    const f = runCli(['quantize', '--format', 'fixed(w=8,f=4)', '--output', 'f64', '--rounding', 'rtz'], '-1.99\n');
    expect(f.stdout.trim()).toBe('0xbfff000000000000'); // -31/16
    const c = runCli(['quantize', '--format', 'fixed(w=8,f=4)', '--output', 'code'], '-1\n');
    expect(c.stdout.trim()).toBe('0xf0');
  });
  it('decimal inputs are read exactly (no double rounding): 1+2^-11+2^-60 rounds up in float16', () => {
    // 1 + 2^-11 is a tie in float16 (goes to 1 under rne); anything above it must go up
    const above = (1 + 2 ** -11).toString(); // exactly 1.00048828125
    const r = runCli(['quantize', '--format', 'float16'], `${above}\n${above}0000000000000000001\n`);
    expect(r.stdout.trim().split('\n')).toEqual(['1', '1.0009765625']);
  });
  it('a decimal that reads as a value of the format denotes that value (shortest round-trip output reads back)', () => {
    // operands printed by Python's repr of code·2^-16 doubles; the oracle's rtz product is 0xab893b48
    const r = runCli(['arith', '--format', 'fixed(w=32,f=16,overflow=wrap)', '--op', 'mul', '--rounding', 'rtz', '--output', 'code'], '-26826.431579589844 5431.514450073242\n');
    expect(r.stdout.trim()).toBe('0xab893b48');
    const q = runCli(['quantize', '--format', 'float16', '--rounding', 'rtz'], '0.0999755859375\n1e-400\n');
    expect(q.stdout.trim().split('\n')).toEqual(['0.0999755859375', '0']);
    const up = runCli(['quantize', '--format', 'float16', '--rounding', 'rup'], '1e-400\n');
    expect(up.stdout.trim()).toBe('5.960464477539063e-8');
  });
  it('sr is reproducible from --seed', () => {
    const input = Array.from({ length: 50 }, () => '0.3').join('\n') + '\n';
    const a = runCli(['quantize', '--format', 'float8_e4m3fn', '--rounding', 'sr', '--seed', '3'], input);
    const b = runCli(['quantize', '--format', 'float8_e4m3fn', '--rounding', 'sr', '--seed', '3'], input);
    expect(a.stdout).toBe(b.stdout);
    expect(new Set(a.stdout.trim().split('\n'))).toEqual(new Set(['0.28125', '0.3125']));
  });
  it('arith rounds the exact result once; operands not in the format are quantized first', () => {
    const r = runCli(['arith', '--format', 'float(e=4,m=3,specials=fn)', '--op', 'fma', '--flags'], '1.5 2 -3\n448 2 0\n');
    expect(r.stdout.trim().split('\n')).toEqual(['0 -', '448 ox']);
    const s = runCli(['arith', '--format', 'float16', '--op', 'sqrt', '--output', 'f64'], '2\n');
    expect(s.stdout.trim()).toBe('0x3ff6a00000000000');
    const d = runCli(['arith', '--format', 'float16', '--op', 'div', '--flags'], '1 0\n0 0\n');
    expect(d.stdout.trim().split('\n')).toEqual(['inf z', 'nan v']);
  });
  it('formats lists the presets; format describes one and tables small ones', () => {
    const l = runCli(['formats']);
    expect(l.stdout).toMatch(/float8_e4m3fn\s+8 bits\s+float\(e=4,m=3,specials=fn,overflow=nan\)/);
    const d = runCli(['format', 'float8_e4m3fn', '--table']);
    expect(d.stdout).toMatch(/max finite\s+448 \(0x7e\)/);
    expect(d.stdout).toMatch(/0x7e\s+01111110\s+448/);
    expect(d.stdout.trim().split('\n').filter((x) => /^ {2}0x/.test(x))).toHaveLength(256);
    const j = JSON.parse(runCli(['format', 'float4_e2m1fn', '--table', '--json']).stdout);
    expect(j.table.map((r: { value: string }) => r.value).slice(0, 8)).toEqual(['0', '0.5', '1', '1.5', '2', '3', '4', '6']);
  });
});

describe('the CLI parses and prints; the library decides (issue 17, issue 11)', () => {
  it('quantize of ±inf under overflow=saturate gives ±max, in e5m2 and in other e/m widths (it printed inf)', () => {
    const e5m2 = runCli(['quantize', '--format', 'float(e=5,m=2,overflow=saturate)', '--output', 'code', '--flags'], 'inf\n-inf\n0x7ff0000000000000\n');
    expect(e5m2.stdout.trim().split('\n')).toEqual(['0x7b -', '0xfb -', '0x7b -']);
    const e4m3 = runCli(['quantize', '--format', 'float(e=4,m=3,overflow=saturate)', '--rounding', 'rtz'], 'inf\n-inf\n');
    expect(e4m3.stdout.trim().split('\n')).toEqual(['240', '-240']);
    // as an arith operand, inf is a value of the format and stays inf
    expect(runCli(['arith', '--format', 'float(e=5,m=2,overflow=saturate)', '--op', 'add'], 'inf 1\n').stdout.trim()).toBe('inf');
  });
  it('quantize of a signalling NaN raises v (it passed through unflagged); a quiet NaN does not', () => {
    const r = runCli(['quantize', '--format', 'float16', '--output', 'code', '--flags'], '0x7ff0000000000001\n0xfff4000000000000\n0x7ff8000000000000\nnan\n');
    expect(r.stdout.trim().split('\n')).toEqual(['0x7e00 v', '0x7e00 v', '0x7e00 -', '0x7e00 -']);
  });
  it('quantize rounds a decimal exactly even when its text reads as a value of the format (0.1 under rdn)', () => {
    const r = runCli(['quantize', '--format', 'float64', '--rounding', 'rdn', '--flags'], '0.1\n0.1' + '0'.repeat(5400) + '\n');
    expect(r.stdout.trim().split('\n')).toEqual(['0.09999999999999999 x', '0.09999999999999999 x']);
  });
  it('stochastic rounding draws as the library does (one generator, a draw only where the library rounds)', () => {
    const spec = parseFormat('float16');
    const lines = ['0.1 0.2', '1 3', '0.3 0.3', '2 2', '0.7 1e-3'];
    const cli = runCli(['arith', '--format', 'float16', '--op', 'mul', '--rounding', 'sr', '--seed', '7', '--output', 'f64'], lines.join('\n') + '\n');
    const rng = new Rng(7);
    const lib = lines.map((l) => '0x' + f64ToHex(arith('mul', spec, l.split(' ').map((t) => parseCliNumber(t)), { rounding: 'sr', rng }).value));
    expect(cli.stdout.trim().split('\n')).toEqual(lib);
    const q = runCli(['quantize', '--format', 'float16', '--rounding', 'sr', '--seed', '7'], '0.1\n1/3\n0x3fd5555555555555\n');
    const rq = new Rng(7);
    expect(q.stdout.trim().split('\n')).toEqual(['0.1', '1/3', '0x3fd5555555555555'].map((t) => String(quantizeInput(spec, parseCliNumber(t), { rounding: 'sr', rng: rq }).value)));
  });
  it('code-level mode: --input code [--from], --output code --flags, per-line modes and ops', () => {
    const q = runCli(['quantize', '--format', 'float16', '--input', 'code', '--from', 'float32', '--output', 'code', '--flags', '--rounding', 'per-line'], 'rne 3DCCCCCD\nrup 0x3dcccccd\nrne 7F800001\n');
    expect(q.stdout.trim().split('\n')).toEqual(['0x2e66 x', '0x2e67 x', '0x7e00 v']);
    const a = runCli(['arith', '--format', 'float16', '--op', 'per-line', '--rounding', 'per-line', '--input', 'code', '--output', 'code', '--flags'], 'rne add 3C00 3C00\nrtz fma 3C00 3C01 0001\nrne sqrt 7C01\n');
    expect(a.stdout.trim().split('\n')).toEqual(['0x4000 -', '0x3c01 x', '0x7e00 v']);
  });
});

describe('bad input: one line on stderr, exit 2, no stack trace, earlier lines answered', () => {
  it.each([
    [['quantize', '--format', 'float8_e9m9'], '', /--format: .*unknown format 'float8_e9m9'|not a format spec/],
    [['quantize', '--format', 'float(e=4,m=3,bias=1)'], '', /unknown key 'bias'/],
    [['quantize', '--format', 'float(e=0,m=3)'], '', /e must be an integer in 1\.\.11; got 0/],
    [['quantize', '--format', 'float(e=4,m=60)'], '', /m must be an integer in 0\.\.52; got 60/],
    [['quantize', '--format', 'float16', '--rounding', 'up'], '', /--rounding: .*got "up"/],
    [['quantize', '--format', 'float16', '--seed', 'x'], '', /--seed: must be an integer; got "x"/],
    [['quantize', '--format', 'float16', '--output', 'hex'], '', /--output: must be one of value, f64, code; got "hex"/],
    [['quantize', '--format', 'float16'], '1\n2\nx\n3\n', /line 3: "x": not a number/],
    [['quantize', '--format', 'float16'], '1\n0x12\n', /line 2: "0x12": a hex input needs exactly 16 hex digits/],
    [['quantize', '--format', 'float16'], '1/0\n', /line 1: "1\/0": the denominator of P\/Q must be nonzero/],
    [['arith', '--format', 'float16', '--op', 'add'], '1 2\n1 2 3\n', /line 2: add takes 2 operand\(s\); got 3/],
    [['arith', '--format', 'float16', '--op', 'pow'], '', /--op: must be one of add, sub, mul, div, sqrt, fma \(or per-line\); got "pow"/],
    [['arith', '--format', 'binary', '--op', 'add'], '', /arith needs a float or fixed format/],
    [['format', 'float(e=4,m=3'], '', /SPEC: /],
    [['format', 'float16', '--table'], '', /only formats of 12 bits or fewer/],
    [['quantize'], '', /required option '--format <spec>' not specified/],
    [['arith', '--format', 'float16', '--op', 'toString'], '', /--op: must be one of add, sub, mul, div, sqrt, fma \(or per-line\); got "toString"/],
    [['arith', '--format', 'float16', '--op', '__proto__'], '', /--op: must be one of .*; got "__proto__"/],
    [['arith', '--format', 'float16', '--op', 'per-line'], '1 2\ncos 1 2\n', /line 1: op must be one of .*; got "1"/],
    [['quantize', '--format', 'float16', '--rounding', 'per-line'], 'rne 1\nup 1x\n', /line 2: rounding mode must be one of .*got "up"/],
    [['quantize', '--format', 'float16', '--from', 'float32'], '', /--from: applies to --input code only; got --input value/],
    [['quantize', '--format', 'float16', '--input', 'bits'], '', /--input: must be one of value, code; got "bits"/],
    [['quantize', '--format', 'float16', '--input', 'code'], '3C00\n1x\n', /line 2: "1x": not a code of this 64-bit format/],
    [['arith', '--format', 'float16', '--op', 'add', '--input', 'code'], '3C00 3C00\n3C00 13C00\n', /line 2 operand 2: "13C00": not a code of this 16-bit format; expected up to 4 hex digits/],
    [['quantize', '--format', 'float16'], '1\n1 2\n', /line 2: expected one number; got "1 2"/],
  ])('%j', (args, input, re) => {
    const r = runCli(args as string[], input as string);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(re as RegExp);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const answered = (input as string).split('\n').findIndex((l) => /x|0x12|1\/0|1 2 3|^1 2$|cos|13C00/.test(l));
    if (answered > 0) expect(r.stdout.trim().split('\n')).toHaveLength(answered);
  });
});
