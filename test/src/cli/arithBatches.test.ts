import { describe, expect, it } from 'vitest';
import { runCli } from './_run.js';
import { parseFormat } from '../../../simulators/formats/parseFormat.js';
import { arith } from '../../../simulators/arith/arith.js';
import { Rng } from '../../../simulators/random/rng.js';
import { formatResult } from '../../../src/cli/io/formatOutput.js';

describe('lowbit arith in batches (through arithArray)', () => {
  it('answers 10,000 lines (more than two batches) exactly as scalar arith does, flags included', () => {
    const spec = parseFormat('bfloat16');
    const rng = new Rng(5);
    const rows = Array.from({ length: 10_000 }, () => [rng.uniform() * 8 - 4, rng.uniform() * 2 ** 20, rng.uniform() - 0.5].map((x) => Math.fround(x)));
    rows[17] = [Infinity, -Infinity, 1];
    rows[4200] = [0, -0, 0];
    const r = runCli(['arith', '--format', 'bfloat16', '--op', 'fma', '--rounding', 'rdn', '--flags', '--output', 'f64'], rows.map((x) => x.map((v) => (Object.is(v, -0) ? '-0' : String(v))).join(' ')).join('\n') + '\n');
    expect(r.code).toBe(0);
    const want = rows.map((x) => formatResult(spec, arith('fma', spec, x, { rounding: 'rdn' }), 'f64', true));
    expect(r.stdout.trimEnd().split('\n')).toEqual(want);
  });
  it('a bad line in the middle of a batch: every line before it is answered, then one error line, exit 2', () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `${i} 1`);
    lines[4500] = '1 2 3';
    const r = runCli(['arith', '--format', 'float16', '--op', 'add'], lines.join('\n') + '\n');
    expect(r.code).toBe(2);
    expect(r.stdout.trimEnd().split('\n').length).toBe(4500);
    expect(r.stderr).toMatch(/line 4501: add takes 2 operand\(s\); got 3/);
  });
});
