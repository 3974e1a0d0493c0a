import { describe, expect, it } from 'vitest';
import { classifyMac, defaultAccumulator } from '../../cost-models/macUnit.js';
import type { OperandFormat } from '../../cost-models/opTrace.js';

const bin: OperandFormat = { kind: 'binary', bits: 1 };
const ter: OperandFormat = { kind: 'ternary', bits: 2 };
const p2: OperandFormat = { kind: 'pow2', bits: 4, span: 7 };
const f32: OperandFormat = { kind: 'float', bits: 32, e: 8, m: 23 };
const f16: OperandFormat = { kind: 'float', bits: 16, e: 5, m: 10 };
const bf16: OperandFormat = { kind: 'float', bits: 16, e: 8, m: 7 };
const i8: OperandFormat = { kind: 'int', bits: 8 };
const i4: OperandFormat = { kind: 'int', bits: 4 };

describe('classifyMac', () => {
  // Arrange: the truth table of the JSDoc, row by row (a = data, b = weight)
  const table: Array<[OperandFormat, OperandFormat, unknown]> = [
    [bin, bin, { kind: 'xnor' }],
    [bin, ter, { kind: 'mux', data: 'a', ternary: true }],
    [ter, bin, { kind: 'mux', data: 'a', ternary: false }],
    [bin, p2, { kind: 'mux', data: 'b', ternary: false }],
    [bin, i8, { kind: 'mux', data: 'b', ternary: false }],
    [ter, i8, { kind: 'mux', data: 'b', ternary: true }],
    [i8, bin, { kind: 'mux', data: 'a', ternary: false }],
    [f32, ter, { kind: 'mux', data: 'a', ternary: true }],
    [ter, ter, { kind: 'mux', data: 'a', ternary: true }],
    [p2, i8, { kind: 'shift', data: 'b', span: 7 }],
    [p2, p2, { kind: 'shift', data: 'b', span: 7 }],
    [i8, p2, { kind: 'shift', data: 'a', span: 7 }],
    [f32, p2, { kind: 'shift', data: 'a', span: 7 }],
    [f16, f32, { kind: 'floatMul', e: 8, m: 23 }],
    [bf16, f16, { kind: 'floatMul', e: 8, m: 10 }],
    [f16, i8, { kind: 'floatMul', e: 5, m: 10 }],
    [i8, f16, { kind: 'floatMul', e: 5, m: 10 }],
    [i8, i4, { kind: 'intMul' }],
  ];
  it.each(table)('%o × %o', (a, b, unit) => {
    expect(classifyMac(a, b)).toEqual(unit);
  });
});

describe('defaultAccumulator', () => {
  it('follows the table: exact integer widths, float32 for floats, popcount for XNOR', () => {
    expect(defaultAccumulator({ kind: 'intMul' }, i8, i4, 4608)).toEqual({ kind: 'sum', terms: ['a', 'b'], extraBits: 13 });
    expect(defaultAccumulator({ kind: 'intMul' }, i8, i8, 1)).toEqual({ kind: 'sum', terms: ['a', 'b'], extraBits: 0 });
    expect(defaultAccumulator({ kind: 'mux', data: 'a', ternary: false }, i8, bin, 1024)).toEqual({ kind: 'sum', terms: ['a'], extraBits: 10 });
    expect(defaultAccumulator({ kind: 'shift', data: 'a', span: 7 }, i8, p2, 9)).toEqual({ kind: 'sum', terms: ['a'], extraBits: 7 + 4 });
    expect(defaultAccumulator({ kind: 'shift', data: 'b', span: 7 }, p2, p2, 9)).toEqual({ kind: 'sum', terms: ['b'], extraBits: 4 });
    expect(defaultAccumulator({ kind: 'mux', data: 'a', ternary: false }, f16, bin, 9)).toEqual({ kind: 'float', e: 8, m: 23 });
    expect(defaultAccumulator({ kind: 'floatMul', e: 5, m: 10 }, f16, f16, 9)).toEqual({ kind: 'float', e: 8, m: 23 });
    expect(defaultAccumulator({ kind: 'floatMul', e: 11, m: 52 }, f16, f16, 9)).toEqual({ kind: 'float', e: 11, m: 52 });
    expect(defaultAccumulator({ kind: 'xnor' }, bin, bin, 9)).toEqual({ kind: 'popcount' });
  });
});
