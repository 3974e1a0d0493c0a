import { describe, expect, it } from 'vitest';
import { parseFormat } from '../../../simulators/formats/parseFormat.js';
import { arith } from '../../../simulators/arith/arith.js';
import { arithArray } from '../../../simulators/arith/arithArray.js';
import { decode, resultCode } from '../../../simulators/codec.js';
import { flagsToString } from '../../../simulators/_internal/flags.js';
import type { RoundingMode } from '../../../simulators/rounding/roundingMode.js';
import { isNaNCode, parseCase, testFloatFiles, type TestFloatCase } from '../_testfloat.js';

/**
 * Berkeley TestFloat 3e cases through `arithArray`, one array per function file and mode: every case gives
 * SoftFloat's result code and flags (NaN by class). Cases with a NaN operand (quiet or signalling, which a double
 * operand cannot tell apart) must equal scalar `arith` on the same double operands.
 */
describe.each(testFloatFiles().filter((f) => f.op !== undefined))('arithArray on TestFloat 3e: $name', (file) => {
  it(`every case agrees (${file.lines.length} cases)`, () => {
    const spec = parseFormat(file.format);
    const byMode = new Map<RoundingMode, TestFloatCase[]>();
    for (const line of file.lines) {
      const c = parseCase(line);
      if (!byMode.has(c.mode)) byMode.set(c.mode, []);
      byMode.get(c.mode)!.push(c);
    }
    const bad: string[] = [];
    for (const [mode, cases] of byMode) {
      const cols = cases[0]!.operands.map((_, k) => Float64Array.from(cases, (c) => decode(spec, c.operands[k]!)));
      const got = arithArray(file.op!, spec, cols, { rounding: mode, flags: true });
      cases.forEach((c, i) => {
        const value = got.values[i]!;
        const flags = got.flags![i]!;
        const ops = cols.map((x) => x[i]!);
        if (ops.some(Number.isNaN)) {
          const want = arith(file.op!, spec, ops, { rounding: mode });
          if (!(Number.isNaN(want.value) ? Number.isNaN(value) : Object.is(value, want.value)) || flags !== want.flags) {
            bad.push(`${mode} ${ops.join(' ')}: got ${value} ${flags}, scalar ${want.value} ${want.flags}`);
          }
          return;
        }
        const code = resultCode(spec, value);
        const codeOk = isNaNCode(file.format, c.result) ? Number.isNaN(value) : code === c.result;
        if (!codeOk || flags !== c.flags) bad.push(`${mode} ${c.operands.map((o) => o.toString(16)).join(' ')}: got ${code?.toString(16)} ${flagsToString(flags)}, want ${c.result.toString(16)} ${flagsToString(c.flags)}`);
      });
    }
    expect(bad.slice(0, 10)).toEqual([]);
  });
});
