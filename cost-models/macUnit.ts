import type { Accumulator, MacUnit, OperandFormat } from './opTrace.js';

/**
 * The unit that multiplies operand `a` (data: activation or error) by operand `b` (weight-like), first match wins:
 *
 * | a \ b              | binary | ternary      | pow2            | float             | int                 |
 * |--------------------|--------|--------------|-----------------|-------------------|---------------------|
 * | binary             | xnor   | mux(a, tern) | mux(data b)     | mux(data b)       | mux(data b)         |
 * | ternary            | mux(a) | mux(a, tern) | mux(data b,tern)| mux(data b, tern) | mux(data b, tern)   |
 * | pow2               | mux(a) | mux(a, tern) | shift(data b)   | shift(data b)     | shift(data b)       |
 * | float              | mux(a) | mux(a, tern) | shift(data a)   | floatMul(wider)   | floatMul(a's e, m)  |
 * | int                | mux(a) | mux(a, tern) | shift(data a)   | floatMul(b's e,m) | intMul              |
 *
 * A binary/ternary weight selects ±x (a mux, QKeras `Mux`); a power-of-two operand shifts the other (QKeras
 * `Shifter`); binary × binary is an XNOR whose sum is a popcount (Courbariaux et al. 2016, BinaryNet); float × int
 * converts the integer and multiplies in the float format (QKeras `FloatingPointMultiplier`).
 * @example classifyMac({kind:'int',bits:8}, {kind:'binary',bits:1}) // { kind: 'mux', data: 'a', ternary: false }
 */
export function classifyMac(a: OperandFormat, b: OperandFormat): MacUnit {
  const lowA = a.kind === 'binary' || a.kind === 'ternary';
  const lowB = b.kind === 'binary' || b.kind === 'ternary';
  if (a.kind === 'binary' && b.kind === 'binary') return { kind: 'xnor' };
  if (lowB) return { kind: 'mux', data: 'a', ternary: b.kind === 'ternary' };
  if (lowA) return { kind: 'mux', data: 'b', ternary: a.kind === 'ternary' };
  if (a.kind === 'pow2') return { kind: 'shift', data: 'b', span: a.span };
  if (b.kind === 'pow2') return { kind: 'shift', data: 'a', span: b.span };
  if (a.kind === 'float' && b.kind === 'float') {
    return { kind: 'floatMul', e: Math.max(a.e, b.e), m: Math.max(a.m, b.m) };
  }
  if (a.kind === 'float') return { kind: 'floatMul', e: a.e, m: a.m };
  if (b.kind === 'float') return { kind: 'floatMul', e: b.e, m: b.m };
  return { kind: 'intMul' };
}

/**
 * The accumulator used when the policy sets no `accumulator` role:
 *
 * | unit                         | accumulator                                                    |
 * |------------------------------|----------------------------------------------------------------|
 * | floatMul                     | float with e = max(8, e), m = max(23, m): float32 unless wider  |
 * | mux / shift of float data    | float32 (or the data float when wider)                          |
 * | intMul                       | int, b_a + b_b + ceil(log2 fanIn) bits                          |
 * | mux of int data              | int, b_data + ceil(log2 fanIn)                                  |
 * | shift of int data            | int, b_data + span + ceil(log2 fanIn)                           |
 * | xnor                         | the popcount tree                                               |
 *
 * These integer widths can never overflow (exact accumulation, as in QKeras' `accumulator_impl`).
 * @example defaultAccumulator({kind:'intMul'}, int8, int8, 4608) // { kind: 'sum', terms: ['a','b'], extraBits: 13 }
 */
export function defaultAccumulator(unit: MacUnit, a: OperandFormat, b: OperandFormat, fanIn: number): Accumulator {
  const logN = Math.ceil(Math.log2(Math.max(1, fanIn)));
  switch (unit.kind) {
    case 'xnor':
      return { kind: 'popcount' };
    case 'floatMul':
      return widerFloat(unit.e, unit.m);
    case 'intMul':
      return { kind: 'sum', terms: ['a', 'b'], extraBits: logN };
    case 'mux':
    case 'shift': {
      const data = unit.data === 'a' ? a : b;
      if (data.kind === 'float') return widerFloat(data.e, data.m);
      const span = unit.kind === 'shift' && data.kind !== 'pow2' ? unit.span : 0;
      return { kind: 'sum', terms: [unit.data], extraBits: span + logN };
    }
  }
}

function widerFloat(e: number, m: number): Accumulator {
  return { kind: 'float', e: Math.max(e, 8), m: Math.max(m, 23) };
}
