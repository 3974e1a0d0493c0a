import { describe, expect, it } from 'vitest';
import { parseFormat } from '../../simulators/formats/parseFormat.js';
import type { FixedSpec } from '../../simulators/formats/formatSpec.js';
import { roundFixed, fixedCodeToBits } from '../../simulators/formats/fixedPoint.js';
import { arith, type ArithOp } from '../../simulators/arith/arith.js';
import { flagsToString } from '../../simulators/_internal/flags.js';
import { f64ToHex, hexToF64, pow2 } from '../../simulators/_internal/bits.js';
import type { RoundingMode } from '../../simulators/rounding/roundingMode.js';
import { fixedSpecString, readJson, readJsonl, uAround, type FixedFormatParams } from './_vectors.js';

interface Row {
  kind: 'fx_quantize' | 'fx_op';
  in?: string;
  op?: ArithOp;
  a?: string;
  b?: string;
  r: Record<string, [string, string, string, string?]>;
  sr?: { lo: string; hi: string; p_hi: string };
}

const FORMATS = readJson<Record<string, FixedFormatParams>>('fixed/formats.json');
const MODES: RoundingMode[] = ['rne', 'rna', 'rhu', 'rtz', 'rup', 'rdn'];

describe.each(Object.entries(FORMATS))('oracle vectors: fixed %s', (name, params) => {
  const spec = parseFormat(fixedSpecString(params)) as FixedSpec;
  const rows = readJsonl<Row>(`fixed/${name}.jsonl`);
  const hexWidth = Math.ceil(params.wl / 4);

  it(`every quantize and op line agrees in all 6 modes (${rows.length} lines)`, () => {
    const bad: string[] = [];
    for (const row of rows) {
      for (const mode of MODES) {
        const want = row.r[mode]!;
        let got: { code: number; value: number; flags: number };
        if (row.kind === 'fx_quantize') {
          got = roundFixed(spec, hexToF64(row.in!), mode);
        } else {
          const a = Number(row.a) * pow2(-spec.f);
          const b = Number(row.b) * pow2(-spec.f);
          const r = arith(row.op!, spec, [a, b], { rounding: mode });
          got = { code: r.value * pow2(spec.f), value: r.value, flags: r.flags };
        }
        const raw = fixedCodeToBits(spec, got.code).toString(16).padStart(hexWidth, '0');
        const flags = row.kind === 'fx_quantize' ? want[3]! : want[2];
        const problems = [
          raw !== want[0] && `raw ${want[0]} got ${raw}`,
          String(got.code) !== want[1] && `code ${want[1]} got ${got.code}`,
          row.kind === 'fx_quantize' && f64ToHex(got.value) !== want[2] && `value ${want[2]} got ${f64ToHex(got.value)}`,
          flagsToString(got.flags) !== flags && `flags '${flags}' got '${flagsToString(got.flags)}'`,
        ].filter(Boolean);
        if (problems.length && bad.length < 10) bad.push(`${JSON.stringify(row).slice(0, 120)} ${mode}: ${problems.join('; ')}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('stochastic rounding: candidates floor/ceil, the upper one with probability exactly p_hi', () => {
    const bad: string[] = [];
    for (const row of rows.filter((r) => r.kind === 'fx_quantize')) {
      const { lo, hi, p_hi } = row.sr!;
      const x = hexToF64(row.in!);
      const at = (u: number) => String(roundFixed(spec, x, 'sr', u).code);
      if (p_hi === '0/1') {
        if (at(0) !== lo || at(0.999) !== lo) bad.push(`${row.in}: p=0 should give ${lo}`);
        continue;
      }
      // lowbit draws the candidate farther from zero when u < its probability: for x ≥ 0 that is hi (p_hi);
      // for x < 0 it is lo (1 − p_hi). Either way hi has probability exactly p_hi.
      const [n, d] = p_hi.split('/').map(BigInt) as [bigint, bigint];
      const pFar = x >= 0 ? p_hi : `${d - n}/${d}`;
      const far = x >= 0 ? hi : lo;
      const near = x >= 0 ? lo : hi;
      const { below, atOrAbove } = uAround(pFar);
      if (at(below) !== far) bad.push(`${row.in}: u=${below} should give ${far}, got ${at(below)}`);
      if (atOrAbove < 1 && at(atOrAbove) !== near) bad.push(`${row.in}: u=${atOrAbove} should give ${near}, got ${at(atOrAbove)}`);
    }
    expect(bad.slice(0, 10)).toEqual([]);
  });
});
