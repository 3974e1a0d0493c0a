import { handlerFor } from '../../simulators/registry.js';
import { codeBits, codeToHex, hexDigits } from './codes.js';
import type { TestCase } from './generateTestCases.js';
import type { ScalarSpec, TestOp } from './testOp.js';

/**
 * TestFloat's line format (Berkeley TestFloat 3e, `testfloat_gen`): the operand codes, the result code and the
 * flags, separated by single spaces, as upper-case hex without `0x`. Codes take ceil(bits/4) digits (f16 4, f32 8,
 * f64 16, FP8 2, FP6 2); the flags are two digits of the bitmask 0x10 invalid, 0x08 infinite (divide by zero),
 * 0x04 overflow, 0x02 underflow, 0x01 inexact. The rounding mode is not on the line: one file, one mode.
 */

/**
 * A case as one line.
 * @example
 * const t = testOp('add', 'bfloat16');
 * for (const c of generateTestCases(t, { count: 3 })) console.log(formatCaseLine(t, c)); // '3f80 3f80 4000 00'
 */
export function formatCaseLine(t: TestOp, c: TestCase): string {
  if (c.result.code === undefined) throw new RangeError('formatCaseLine: the result has no code (NaN in a format without NaN)');
  const parts = c.operands.map((x) => codeToHex(t.operandSpec, x));
  parts.push(codeToHex(t.spec, c.result.code), c.result.flags.toString(16).toUpperCase().padStart(2, '0'));
  return parts.join(' ');
}

/**
 * A parsed line: the operand codes, and the result code and flags given (by a unit, or by testgen).
 * @example
 * const { operands, result, flags } = parseCaseLine(testOp('add', 'bfloat16'), '3f80 3f80 4000 00', 1);
 */
export interface ParsedLine {
  operands: bigint[];
  code: bigint;
  flags: number;
}

/**
 * Reads one line of the format (upper or lower case hex; any run of spaces or tabs between fields).
 * @throws RangeError naming the line, the field, the text given and what is allowed: a wrong number of fields, a
 * code of the wrong width or out of range, flags above 0x1F, or an operand code that is not a value of the format
 * (a subnormal pattern when subnormals are off or flushed).
 * @example
 * parseCaseLine(testOp('mul', 'float16'), '3c00 4000 4000 00', 1).operands // [0x3c00n, 0x4000n]
 */
export function parseCaseLine(t: TestOp, text: string, lineNo: number): ParsedLine {
  const fields = text.trim().split(/\s+/).filter(Boolean);
  const want = t.arity + 2;
  if (fields.length !== want) {
    throw new RangeError(`line ${lineNo}: ${t.op} needs ${want} fields (${t.arity} operand(s), result, flags); got ${fields.length} in ${JSON.stringify(text)}`);
  }
  const operands = fields.slice(0, t.arity).map((f, i) => readCode(t.operandSpec, f, `line ${lineNo} operand ${i + 1}`));
  operands.forEach((c, i) => {
    const h = handlerFor(t.operandSpec);
    if (!h.isValue(t.operandSpec, h.decode(t.operandSpec, c))) {
      throw new RangeError(`line ${lineNo} operand ${i + 1}: ${fields[i]} is not a value of the format (a subnormal pattern in a format without subnormals)`);
    }
  });
  const code = readCode(t.spec, fields[t.arity]!, `line ${lineNo} result`);
  const ft = fields[t.arity + 1]!;
  if (!/^[0-9a-fA-F]{1,2}$/.test(ft) || parseInt(ft, 16) > 0x1f) {
    throw new RangeError(`line ${lineNo} flags: must be 1 or 2 hex digits, at most 1F (10 invalid, 08 infinite, 04 overflow, 02 underflow, 01 inexact); got ${JSON.stringify(ft)}`);
  }
  return { operands, code, flags: parseInt(ft, 16) };
}

function readCode(spec: ScalarSpec, text: string, what: string): bigint {
  const digits = hexDigits(spec);
  if (text.length !== digits || !/^[0-9a-fA-F]+$/.test(text)) {
    throw new RangeError(`${what}: must be ${digits} hex digits (a ${codeBits(spec)}-bit code); got ${JSON.stringify(text)}`);
  }
  const code = BigInt('0x' + text);
  if (code >> BigInt(codeBits(spec)) !== 0n) {
    throw new RangeError(`${what}: ${text} is out of range for a ${codeBits(spec)}-bit code (at most ${codeToHex(spec, (1n << BigInt(codeBits(spec))) - 1n)})`);
  }
  return code;
}
