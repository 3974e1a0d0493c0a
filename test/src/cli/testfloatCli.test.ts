import { describe, expect, it } from 'vitest';
import { isNaNCode, parseCase, testFloatFiles } from '../../simulators/_testfloat.js';
import { flagsToString } from '../../../simulators/_internal/flags.js';
import { streamCli } from './_run.js';

/**
 * Berkeley TestFloat 3e conformance through the CLI: one streaming process per function file, in the code-level
 * mode that testgen/verify share (`--input code --output code --flags`, `--from` for conversions), every case's
 * mode leading its line (`--rounding per-line`). Result code (NaN by class) and flags must match SoftFloat.
 */
describe.each(testFloatFiles())('TestFloat 3e through lowbit CLI: $name', (file) => {
  it(`every case agrees, code and flags (${file.lines.length} cases)`, async () => {
    const cases = file.lines.map(parseCase);
    const width = file.format === 'float16' ? 4 : file.format === 'float32' ? 8 : 16;
    const args = file.from
      ? ['quantize', '--format', file.format, '--input', 'code', '--from', file.from]
      : ['arith', '--op', file.op!, '--format', file.format, '--input', 'code'];
    // the TestFloat operand fields as written (upper case, no 0x): the lines minus result and flags
    const lines = file.lines.map((l) => l.trim().split(/\s+/).slice(0, -2).join(' '));
    const r = await streamCli([...args, '--rounding', 'per-line', '--output', 'code', '--flags'], lines);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toHaveLength(cases.length);
    const bad: string[] = [];
    cases.forEach((c, i) => {
      const [got, flags] = r.out[i]!.split(' ') as [string, string];
      const code = BigInt(got);
      const codeOk = isNaNCode(file.format, c.result) ? isNaNCode(file.format, code) : code === c.result;
      if ((!codeOk || flags !== (flagsToString(c.flags) || '-')) && bad.length < 10) bad.push(`${file.lines[i]} → got ${r.out[i]}`);
      if (got.length !== 2 + width) bad.push(`${file.lines[i]} → code ${got} is not ${width} hex digits`);
    });
    expect(bad).toEqual([]);
  });
});
