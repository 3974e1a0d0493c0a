import { describe, expect, it } from 'vitest';
import { runCli } from './_run.js';

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
    [['arith', '--format', 'float16', '--op', 'pow'], '', /--op: must be one of add, sub, mul, div, sqrt, fma; got "pow"/],
    [['arith', '--format', 'binary', '--op', 'add'], '', /arith needs a float or fixed format/],
    [['format', 'float(e=4,m=3'], '', /SPEC: /],
    [['format', 'float16', '--table'], '', /only formats of 12 bits or fewer/],
    [['quantize'], '', /required option '--format <spec>' not specified/],
  ])('%j', (args, input, re) => {
    const r = runCli(args as string[], input as string);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(re as RegExp);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const answered = (input as string).split('\n').findIndex((l) => /x|0x12|1\/0|1 2 3/.test(l));
    if (answered > 0) expect(r.stdout.trim().split('\n')).toHaveLength(answered);
  });
});
