import { describe, expect, it } from 'vitest';
import { parseFormat } from '../../simulators/formats/parseFormat.js';
import { arithCodes } from '../../simulators/arith/arithCodes.js';
import { quantizeCode } from '../../simulators/quantizeCode.js';
import { flagsToString } from '../../simulators/_internal/flags.js';
import { isNaNCode, parseCase, testFloatFiles } from './_testfloat.js';

/**
 * Berkeley TestFloat 3e conformance through the library's code-level API: every case of every function file, in
 * all six modes, must give SoftFloat's result code (NaN by class) and exactly its flags, sNaN operands included.
 */
describe.each(testFloatFiles())('TestFloat 3e: $name', (file) => {
  it(`every case agrees, code and flags (${file.lines.length} cases)`, () => {
    const spec = parseFormat(file.format);
    const from = file.from ? parseFormat(file.from) : undefined;
    const bad: string[] = [];
    let checked = 0;
    for (const line of file.lines) {
      const c = parseCase(line);
      const r = from ? quantizeCode(spec, from, c.operands[0]!, { rounding: c.mode }) : arithCodes(file.op!, spec, c.operands, { rounding: c.mode });
      const codeOk = isNaNCode(file.format, c.result) ? r.code !== undefined && isNaNCode(file.format, r.code) : r.code === c.result;
      if (!codeOk || r.flags !== c.flags) {
        if (bad.length < 10) bad.push(`${line}: got ${r.code?.toString(16)} ${flagsToString(r.flags) || '-'} want flags ${flagsToString(c.flags) || '-'}`);
      }
      checked++;
    }
    expect(bad).toEqual([]);
    expect(checked).toBe(file.lines.length);
  });
});
