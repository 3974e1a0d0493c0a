import { describe, expect, it } from 'vitest';
import { parseFormat } from '../../simulators/formats/parseFormat.js';
import { toOperandFormat } from '../../cost-models/operandFormat.js';
import { blockScaleOps, scaleBitsPerElement } from '../../cost-models/blockScale.js';
import { costReport } from '../../cost-models/costReport.js';
import { horowitz45nm } from '../../cost-models/horowitz45nm.js';
import { numberArith as A } from '../../cost-models/arith.js';
import type { OperandFormat } from '../../cost-models/opTrace.js';
import { layer, mac, op, trace } from './_traces.js';

const F = (t: string): OperandFormat => toOperandFormat(parseFormat(t));
const M = horowitz45nm;

/** One layer: `count` products of fan-in `fanIn`, activation × weight, plus a weight read of `elements`. */
function oneLayer(x: OperandFormat, w: OperandFormat, count: number, fanIn: number, elements = 0) {
  const a = op('l', 'activation', x);
  const b = op('l', 'weight', w);
  return trace([
    layer('l', {
      macs: [mac(count, fanIn, a, b)],
      memory: elements ? [{ pass: 'forward', label: 'weight', operand: b, elements, store: 'dram', reads: 1, writes: 0, category: 'weight' }] : [],
      tensors: elements ? [{ operand: b, elements }] : [],
    }),
  ]);
}

describe('block-scaled operands in the cost model', () => {
  it('MXFP4 × MXFP4: the E2M1 products, plus one 8-bit exponent add per block of 32 (hand-computed)', () => {
    const f = F('mxfp4_e2m1');
    const t = oneLayer(f, f, 64 * 100, 64);
    const scalar = costReport(oneLayer(F('float4_e2m1fn'), F('float4_e2m1fn'), 64 * 100, 64), M).totals;
    const got = costReport(t, M).totals;
    expect(blockScaleOps(t.layers[0]!.macs[0]!, 64)).toEqual([{ count: 200, scale: { kind: 'pow2' }, bits: 8 }]);
    expect(got.energyPjByCategory.multiply).toBeCloseTo(scalar.energyPjByCategory.multiply + 200 * M.intAddPj(A, 8), 9);
    expect(got.energyPjByCategory.accumulate).toBe(scalar.energyPjByCategory.accumulate);
  });
  it('memory stores element bits plus scale bits per block: 4.25 bits per MXFP4 weight, 4.5 per NVFP4 weight', () => {
    expect(scaleBitsPerElement(F('mxfp4_e2m1'))).toBe(0.25);
    expect(scaleBitsPerElement(F('nvfp4'))).toBe(0.5);
    expect(scaleBitsPerElement(F('scaled(elem=int8,scale=float32,block=channel)'))).toBe(0);
    const r = costReport(oneLayer(F('float32'), F('mxfp4_e2m1'), 0, 1, 1024), M).totals;
    const s = costReport(oneLayer(F('float32'), F('float4_e2m1fn'), 0, 1, 1024), M).totals;
    expect(r.weightBits).toBe(1024 * 4.25);
    expect(r.energyPjByCategory.weightMemory / s.energyPjByCategory.weightMemory).toBeCloseTo(4.25 / 4, 2);
  });
  it('a per-channel float32 scale costs one float32 multiply per dot product; NVFP4 an E4M3 multiply per 16 and a float32 per dot', () => {
    const pc = F('scaled(elem=int8,scale=float32,block=channel)');
    expect(blockScaleOps(oneLayer(F('int8'), pc, 1000, 100).layers[0]!.macs[0]!, 100)).toEqual([{ count: 10, scale: { kind: 'float', e: 8, m: 23 }, bits: 32 }]);
    const nv = F('nvfp4');
    expect(blockScaleOps(oneLayer(nv, nv, 3200, 320).layers[0]!.macs[0]!, 320)).toEqual([
      { count: 200, scale: { kind: 'float', e: 4, m: 3 }, bits: 8 },
      { count: 10, scale: { kind: 'float', e: 8, m: 23 }, bits: 32 },
      { count: 10, scale: { kind: 'float', e: 8, m: 23 }, bits: 32 },
    ]);
  });
  it('is monotone in the element width: MXFP4 ≤ MXFP6 ≤ MXFP8 in energy and weight bits', () => {
    const e = ['mxfp4_e2m1', 'mxfp6_e2m3', 'mxfp8_e4m3'].map((id) => costReport(oneLayer(F(id), F(id), 32_000, 320, 4096), M).totals);
    for (let i = 1; i < e.length; i++) {
      expect(e[i]!.energyPj).toBeGreaterThan(e[i - 1]!.energyPj);
      expect(e[i]!.weightBits).toBeGreaterThan(e[i - 1]!.weightBits);
    }
  });
  it('scalar operands have no scale ops (an empty list), so their prices are unchanged', () => {
    expect(blockScaleOps(oneLayer(F('int8'), F('int8'), 100, 10).layers[0]!.macs[0]!, 10)).toEqual([]);
  });
});
