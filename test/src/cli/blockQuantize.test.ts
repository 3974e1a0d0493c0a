import { describe, expect, it } from 'vitest';
import { runCli } from './_run.js';
import { BLOCK_VECTOR_PRESETS, MODES, cliLine, readMxVectors, wantCodeLine, wantValueLine } from './_blockVectors.js';

// The real process, streaming every oracle line: per preset one run with --output code and one with --output value,
// the rounding modes rotated over the presets so that every mode is exercised (the full preset × mode matrix runs
// in-process in io/blockLines.test.ts, through the same line function).
describe('lowbit quantize with block formats (process, all 2000 lines per run)', () => {
  BLOCK_VECTOR_PRESETS.forEach((preset, i) => {
    for (const [output, mode] of [['code', MODES[i % 7]!], ['value', MODES[(i + 3) % 7]!]] as const) {
      it(`${preset} --rounding ${mode} --output ${output}`, () => {
        const vs = readMxVectors(preset);
        const r = runCli(['quantize', '--format', preset, '--rounding', mode, '--output', output], vs.map(cliLine).join('\n') + '\n');
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        const got = r.stdout.split('\n');
        expect(got.pop()).toBe('');
        const want = vs.map((v) => (output === 'code' ? wantCodeLine(v, mode) : wantValueLine(v, mode)));
        for (let k = 0; k < want.length; k++) if (got[k] !== want[k]) expect.fail(`line ${k + 1}: ${cliLine(vs[k]!)}\n got  ${got[k]}\n want ${want[k]}`);
        expect(got).toHaveLength(2000);
      });
    }
  });
  it('format mxfp4_e2m1 describes element, scale, block and 4.25 bits per element', () => {
    const r = runCli(['format', 'mxfp4_e2m1']);
    expect(r.stdout).toMatch(/^mxfp4_e2m1 = mx\(elem=float4_e2m1fn\): 4 bits per element, 4\.25 with the scale\n/);
    expect(r.stdout).toMatch(/element\s+float4_e2m1fn/);
    expect(r.stdout).toMatch(/scale\s+E8M0/);
    expect(r.stdout).toMatch(/block\s+32 elements share one scale/);
    expect(r.stdout).toMatch(/bits per element\s+4\.25 \(4 \+ 8\/32\)/);
  });
  it('--rounding per-line takes the mode first on each line; --input code reads bit codes of --from', () => {
    const r = runCli(['quantize', '--format', 'mxfp4_e2m1', '--rounding', 'per-line'], 'rne 1 2 3 100\nrup 1 2 3 100\nrtz\n');
    expect(r.stdout).toBe('0 0 0 96\n8 8 8 96\n\n'); // rup: 1/16 goes up to the smallest subnormal 0.5, times 16
    const c = runCli(['quantize', '--format', 'mxint8', '--input', 'code', '--from', 'float16', '--output', 'code'], '0x3c00 0x4000 0xbc00\n');
    expect(c.stdout).toBe('0x80 0x20 0x40 0xe0\n'); // scale 2^1, elements 1/2, 2/2, -1/2 at 2^-6 steps
    const bad = runCli(['quantize', '--format', 'mxint8', '--rounding', 'per-line'], 'sideways 1 2\n');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^lowbit: line 1: rounding mode must be one of rne/);
  });
  it('a bad vector line is one usage line on stderr with exit 2, earlier lines answered', () => {
    const r = runCli(['quantize', '--format', 'mxint8'], '1 2\n1 nope\n');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('1 2\n');
    expect(r.stderr).toMatch(/^lowbit: line 2, number 2: "nope": not a number; expected a decimal/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
