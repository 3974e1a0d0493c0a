import { describe, expect, it } from 'vitest';
import { CaseVerifier } from '../../../src/testing/caseVerifier.js';
import { generateTestCases } from '../../../src/testing/generateTestCases.js';
import { formatCaseLine } from '../../../src/testing/caseLine.js';
import { testOp, type TestOp } from '../../../src/testing/testOp.js';
import { Rng } from '../../../simulators/random/rng.js';
import type { RoundingMode } from '../../../simulators/rounding/roundingMode.js';
import { isNaNCode, testFloatFiles, type TestFloatFile } from '../../simulators/_testfloat.js';
import { runCli } from '../cli/_run.js';

/**
 * Berkeley TestFloat 3e cases (results by SoftFloat 3e, test/fixtures/vectors/testfloat) as the independent
 * reference for float16, float32 and float64: testgen's lines agree with SoftFloat wherever both hold the same
 * operands, and verify accepts every SoftFloat case unchanged and flags exactly the lines changed in a copy.
 */
const MODES: RoundingMode[] = ['rne', 'rtz', 'rdn', 'rup', 'rna', 'rto'];
const FILES = testFloatFiles();
const opOf = (f: TestFloatFile): TestOp => (f.from ? testOp('convert', f.format, f.from) : testOp(f.op!, f.format));

/** The sample's lines of one mode, without the mode column: exactly TestFloat's own line format. */
function linesOf(f: TestFloatFile, mode: RoundingMode): string[] {
  return f.lines.filter((l) => l.startsWith(mode + ' ')).map((l) => l.slice(mode.length + 1));
}

describe('testgen lines pass a SoftFloat-backed check (TestFloat 3e cases as the reference)', () => {
  it.each(FILES.map((f, i) => [f.name, i] as const))('%s', (_name, i) => {
    const f = FILES[i]!;
    const t = opOf(f);
    // two- and three-operand functions in rne and, in turn, one other mode (the operand tuples do not depend on the
    // mode); sqrt and conversions, whose samples are small, in all six
    let both = 0;
    for (const mode of t.arity === 1 ? MODES : (['rne', MODES[1 + (i % 5)]!] as RoundingMode[])) {
      const softfloat = new Map(linesOf(f, mode).map((l) => [l.split(' ').slice(0, t.arity).join(' '), l]));
      const digits = hexOf(t);
      const only = (ops: readonly bigint[]) => softfloat.has(ops.map((c) => c.toString(16).toUpperCase().padStart(digits, '0')).join(' '));
      const bad: string[] = [];
      for (const c of generateTestCases(t, { rounding: mode, only })) {
        const mine = formatCaseLine(t, c).split(' ');
        const ref = softfloat.get(mine.slice(0, t.arity).join(' '))!.split(' ');
        const res = mine.length - 2;
        const sameResult = mine[res] === ref[res] || (isNaNCode(f.format, BigInt('0x' + mine[res])) && isNaNCode(f.format, BigInt('0x' + ref[res])));
        if (!sameResult || mine[res + 1] !== ref[res + 1]) bad.push(`${mode}: testgen ${mine.join(' ')} / SoftFloat ${ref.join(' ')}`);
        both++;
      }
      expect(bad).toEqual([]);
    }
    // the operands both files hold: special patterns (zeros, ±inf, NaNs, 1, max, subnormal ends) crossed; TestFloat's
    // one-operand cases are mostly random patterns, and its mulAdd sample is every 2003rd case, so few coincide there
    expect(both).toBeGreaterThanOrEqual(t.arity === 2 ? 40 : 4);
  });
});

function hexOf(t: TestOp): number {
  return Math.ceil((t.operandSpec.kind === 'float' ? 1 + t.operandSpec.e + t.operandSpec.m : t.operandSpec.w) / 4);
}

describe('verify accepts every TestFloat case unchanged, and reports exactly the lines changed in a corrupted copy', () => {
  it.each(FILES.map((f, i) => [f.name, i] as const))('%s', (_name, i) => {
    const f = FILES[i]!;
    const t = opOf(f);
    const rng = new Rng(1000 + i);
    let total = 0;
    for (const mode of MODES) {
      const lines = linesOf(f, mode);
      const v = new CaseVerifier(t, { rounding: mode });
      const errs = lines.map((l, n) => v.check(l, n + 1)).filter((m) => m !== undefined);
      expect(errs).toEqual([]);
      total += lines.length;
      // corrupt about one line in 50: the result (to another class or value) or one flag
      const copy = [...lines];
      const changed: number[] = [];
      copy.forEach((l, n) => {
        if (rng.uniform() >= 0.02) return;
        const p = l.split(' ');
        const res = p.length - 2;
        if (rng.uniform() < 0.5) {
          const r = BigInt('0x' + p[res]);
          p[res] = (isNaNCode(f.format, r) ? 0n : r ^ 1n).toString(16).toUpperCase().padStart(p[res]!.length, '0');
        } else {
          p[res + 1] = (parseInt(p[res + 1]!, 16) ^ (1 << Math.floor(rng.uniform() * 5))).toString(16).toUpperCase().padStart(2, '0');
        }
        copy[n] = p.join(' ');
        changed.push(n + 1);
      });
      const w = new CaseVerifier(t, { rounding: mode });
      const reported = copy.flatMap((l, n) => (w.check(l, n + 1) === undefined ? [] : [n + 1]));
      expect(reported).toEqual(changed);
      expect(w.finish()).toEqual({ tests: lines.length, errors: changed.length, sr: undefined });
    }
    expect(total).toBe(f.lines.length);
  });
  it('the CLI reads the same lines (f32_to_f16, rtz)', () => {
    const f = FILES.find((x) => x.name === 'f32_to_f16')!;
    const lines = linesOf(f, 'rtz');
    const r = runCli(['verify', '--format', 'float16', '--op', 'convert', '--from', 'float32', '--rounding', 'rtz'], lines.join('\n') + '\n');
    expect(r.stdout).toBe(`${lines.length} tests, 0 errors\n`);
    expect(r.code).toBe(0);
  });
});
