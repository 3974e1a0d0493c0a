import { describe, expect, it } from 'vitest';
import { generateTestCases } from '../../../src/testing/generateTestCases.js';
import { formatCaseLine } from '../../../src/testing/caseLine.js';
import { srNeighbours } from '../../../src/testing/srNeighbours.js';
import { testOp, type TestOp, type TestOpName } from '../../../src/testing/testOp.js';
import { isNaNCode } from '../../../src/testing/codes.js';
import { fixedCodeToBits } from '../../../simulators/formats/fixedPoint.js';
import { encode } from '../../../simulators/codec.js';
import { hexToF64 } from '../../../simulators/_internal/bits.js';
import { parseFormat } from '../../../simulators/formats/parseFormat.js';
import type { RoundingMode } from '../../../simulators/rounding/roundingMode.js';
import { readJsonl } from '../../simulators/_vectors.js';

/**
 * `lowbit testgen` lines against the oracle vectors (test/fixtures/vectors, independent exact-rational oracle):
 * every vector case that a testgen file also contains must be the same line. Level 2 sweeps every operand pair of
 * these 8-bit formats (fma: every pair with c from the core operands), so the cases both contain are every vector
 * op case (fma: those whose c is a core operand); `only` computes just those lines of the file. Conversions: level 2
 * from float16 sweeps every float16 code, so it holds every vector conversion whose input is a float16 value.
 */
const FLAG_BITS: Record<string, number> = { v: 0x10, z: 0x08, o: 0x04, u: 0x02, x: 0x01 };
const flagsOf = (s: string) => [...s].reduce((a, l) => a | FLAG_BITS[l]!, 0);
const hex2 = (f: number) => f.toString(16).toUpperCase().padStart(2, '0');

interface FloatRow {
  kind: 'op' | 'convert';
  op?: TestOpName;
  a?: string;
  b?: string;
  c?: string;
  in?: string;
  r: Record<string, [string, string, string]>;
  sr?: { lo: [string, string]; hi: [string, string]; p_hi: string; p_hi_approx?: boolean };
}
interface FixedRow {
  kind: 'fx_op' | 'fx_quantize';
  op?: TestOpName;
  a?: string;
  b?: string;
  in?: string;
  r: Record<string, [string, string, string, string?]>;
}

/** A numeric key of operand codes of at most 16 bits each (cheaper than strings over millions of tuples). */
const keyOf = (ops: readonly bigint[]): number => ops.reduce((k, c) => k * 65536 + Number(c), 0);

/** The float16 code of a float64 input (given as bits) when it is a float16 value; NaNs keep sign and quiet bit. */
function half(bits: string): bigint | undefined {
  const x = hexToF64(bits);
  const sign = BigInt('0x' + bits) >> 63n ? 0x8000n : 0n;
  if (Number.isNaN(x)) return sign | ((BigInt('0x' + bits) >> 51n) & 1n ? 0x7e00n : 0x7c01n); // bit 51: quiet
  try {
    return encode(parseFormat('float16'), x);
  } catch {
    return undefined; // not a float16 value
  }
}

/** Compares testgen's lines with the wanted ones; NaN results by class (the vectors' canonical NaN is lowbit's too). */
function agree(t: TestOp, mode: RoundingMode, wants: Map<number, string>, level: 1 | 2): { both: number; bad: string[] } {
  const bad: string[] = [];
  let both = 0;
  const only = (ops: readonly bigint[]) => wants.has(keyOf(ops));
  const seen = new Set<number>();
  for (const c of generateTestCases(t, { level, rounding: mode, only })) {
    const key = keyOf(c.operands);
    if (seen.has(key)) continue;
    seen.add(key);
    both++;
    const got = formatCaseLine(t, c);
    const want = wants.get(key)!;
    const same = got === want || (isNaNCode(t.spec, BigInt('0x' + got.split(' ').at(-2)!)) && isNaNCode(t.spec, BigInt('0x' + want.split(' ').at(-2)!)) && got.split(' ').at(-1) === want.split(' ').at(-1));
    if (!same) bad.push(`${t.op} ${mode}: testgen ${got}, vector ${want}`);
  }
  return { both, bad };
}

const FLOATS: Array<[string, string]> = [
  ['e4m3', 'float(e=4,m=3,specials=fn)'],
  ['e4m3_nosat', 'float8_e4m3fn'],
  ['e5m2', 'float8_e5m2'],
  ['e3m2_nosub', 'float(e=3,m=2,subnormals=off)'],
  ['e3m2', 'float(e=3,m=2)'],
];
const FLOAT_MODES: RoundingMode[] = ['rne', 'rna', 'rtz', 'raz', 'rup', 'rdn', 'rto'];

describe.each(FLOATS)('testgen lines agree with the oracle vectors: %s (%s)', (file, spec) => {
  const rows = readJsonl<FloatRow>(`${file}.ops.jsonl`);
  it('every op case of the vectors, in all seven modes', () => {
    const bad: string[] = [];
    let both = 0;
    let total = 0;
    for (const op of ['add', 'sub', 'mul', 'div', 'sqrt', 'fma'] as const) {
      const t = testOp(op, spec);
      const mine = rows.filter((r) => r.op === op);
      for (const mode of FLOAT_MODES) {
        const wants = new Map<number, string>();
        for (const r of mine) {
          const ops = [r.a, r.b, r.c].filter((x): x is string => x !== undefined);
          const [bits, , fl] = r.r[mode]!;
          wants.set(keyOf(ops.map((h) => BigInt('0x' + h))), [...ops, bits].map((h) => h.toUpperCase()).join(' ') + ' ' + hex2(flagsOf(fl)));
        }
        const res = agree(t, mode, wants, 2);
        both += res.both;
        total += op === 'fma' ? 0 : wants.size;
        bad.push(...res.bad);
      }
    }
    expect(bad).toEqual([]);
    expect(both).toBeGreaterThanOrEqual(total); // every two-operand and sqrt case is in the level-2 file
    expect(both).toBeGreaterThan(7 * 1000);
  });
  it('sr: the two neighbours and the exact probability of the upper one, for every op case', () => {
    const bad: string[] = [];
    for (const r of rows) {
      if (!r.sr) continue;
      const t = testOp(r.op!, spec);
      const ops = [r.a, r.b, r.c].filter((x): x is string => x !== undefined).map((h) => BigInt('0x' + h));
      const nb = srNeighbours(t, ops);
      const lo = BigInt('0x' + r.sr.lo[0]);
      const hi = BigInt('0x' + r.sr.hi[0]);
      const sameCode = (a: bigint | undefined, b: bigint) => a === b || (a !== undefined && isNaNCode(t.spec, a) && isNaNCode(t.spec, b));
      const [n, d] = r.sr.p_hi.split('/').map(BigInt) as [bigint, bigint];
      const pOk = r.sr.p_hi_approx ? Math.abs(Number(nb.pNum) / Number(nb.pDen) - Number(n) / Number(d)) < 1e-15 : nb.pNum * d === n * nb.pDen;
      if (!sameCode(nb.lo.code, lo) || !sameCode(nb.hi.code, hi) || !pOk) {
        bad.push(`${r.op} ${r.a} ${r.b ?? ''}: lowbit lo ${nb.lo.code} hi ${nb.hi.code} p ${nb.pNum}/${nb.pDen}; vector ${r.sr.lo[0]} ${r.sr.hi[0]} ${r.sr.p_hi}`);
      }
    }
    expect(bad).toEqual([]);
  });
  it('conversions from float16: every vector input that is a float16 value', () => {
    const conv = readJsonl<FloatRow>(`${file}.convert.jsonl`).filter((r) => r.in !== undefined);
    const t = testOp('convert', spec, 'float16');
    let both = 0;
    for (const mode of ['rne', 'rtz', 'rna'] as RoundingMode[]) {
      const wants = new Map<number, string>();
      for (const r of conv) {
        const a = half(r.in!);
        if (a === undefined) continue;
        const [bits, , fl] = r.r[mode]!;
        wants.set(keyOf([a]), `${a.toString(16).toUpperCase().padStart(4, '0')} ${bits.toUpperCase()} ${hex2(flagsOf(fl))}`);
      }
      const res = agree(t, mode, wants, 2);
      expect(res.bad).toEqual([]);
      expect(res.both).toBe(wants.size);
      both += res.both;
    }
    expect(both).toBeGreaterThan(300);
  });
});

describe.each([
  ['s8.4_sat', 'fixed(w=8,f=4)'],
  ['s8.4_wrap', 'fixed(w=8,f=4,overflow=wrap)'],
])('testgen lines agree with the fixed-point oracle vectors: %s (%s)', (file, spec) => {
  const rows = readJsonl<FixedRow>(`fixed/${file}.jsonl`);
  it('every op case in all six modes, and conversions of float16 values', () => {
    const bad: string[] = [];
    let both = 0;
    for (const mode of ['rne', 'rna', 'rhu', 'rtz', 'rup', 'rdn'] as RoundingMode[]) {
      for (const op of ['add', 'sub', 'mul', 'div'] as const) {
        const t = testOp(op, spec);
        const s = t.spec.kind === 'fixed' ? t.spec : undefined!;
        const wants = new Map<number, string>();
        for (const r of rows.filter((x) => x.kind === 'fx_op' && x.op === op)) {
          const ops = [Number(r.a), Number(r.b)].map((c) => fixedCodeToBits(s, c));
          const [raw, , fl] = r.r[mode]!;
          wants.set(keyOf(ops), [...ops.map((c) => c.toString(16)), raw].map((h) => h.toUpperCase().padStart(2, '0')).join(' ') + ' ' + hex2(flagsOf(fl)));
        }
        const res = agree(t, mode, wants, 2);
        expect(res.both).toBe(wants.size);
        both += res.both;
        bad.push(...res.bad);
      }
      const t = testOp('convert', spec, 'float16');
      const wants = new Map<number, string>();
      for (const r of rows.filter((x) => x.kind === 'fx_quantize')) {
        const a = half(r.in!);
        if (a === undefined) continue;
        const [raw, , , fl] = r.r[mode]!;
        wants.set(keyOf([a]), `${a.toString(16).toUpperCase().padStart(4, '0')} ${raw.toUpperCase()} ${hex2(flagsOf(fl!))}`);
      }
      const res = agree(t, mode, wants, 2);
      expect(res.both).toBe(wants.size);
      both += res.both;
      bad.push(...res.bad);
    }
    expect(bad).toEqual([]);
    expect(both).toBeGreaterThan(6 * 1000);
  });
});
