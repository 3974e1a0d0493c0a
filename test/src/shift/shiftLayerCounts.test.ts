import { describe, expect, it } from 'vitest';
import { shiftLayerCounts, type ShiftLayerCountSpec } from '../../../src/shift/shiftLayerCounts.js';

const geom = { cIn: 16, cOut: 32, k: 3, hIn: 8, wIn: 8, hOut: 8, wOut: 8 };

describe('shiftLayerCounts', () => {
  it('counts a 3×3 conv, a shift layer and a SAL before and after rounding (hand-computed)', () => {
    expect(shiftLayerCounts({ kind: 'conv', ...geom, useBias: true })).toEqual({ params: 4640, indexBits: 0, params32: 4640, macs: 294912, shiftMoves: 0 });
    expect(shiftLayerCounts({ kind: 'shift', ...geom })).toEqual({ params: 512, indexBits: 0, params32: 512, macs: 32768, shiftMoves: 1024 });
    expect(shiftLayerCounts({ kind: 'salTraining', ...geom })).toEqual({ params: 9216, indexBits: 0, params32: 9216, macs: 294912, shiftMoves: 0 });
    expect(shiftLayerCounts({ kind: 'salTraining', ...geom, shared: true })).toEqual({ params: 4752, indexBits: 0, params32: 4752, macs: 294912, shiftMoves: 0 });
    // unshared: C_in·C_out·(1 + 4/32) = 512·36/32 = 576 (methods.md §7.1)
    expect(shiftLayerCounts({ kind: 'salRounded', ...geom, distinctTaps: 9 })).toEqual({ params: 512, indexBits: 2048, params32: 576, macs: 32768, shiftMoves: 9216 });
    // shared: C_in·C_out + C_in·4/32 = 512 + 2
    expect(shiftLayerCounts({ kind: 'salRounded', ...geom, shared: true })).toEqual({ params: 512, indexBits: 64, params32: 514, macs: 32768, shiftMoves: 1024 });
  });

  it('uses ⌈log₂ k²⌉ index bits per kernel and the output size for MACs', () => {
    const r = shiftLayerCounts({ kind: 'salRounded', cIn: 2, cOut: 3, k: 5, hIn: 4, wIn: 4, hOut: 2, wOut: 2, distinctTaps: 2 });
    expect(r.indexBits).toBe(5 * 6);
    expect(r.macs).toBe(4 * 6);
    expect(r.shiftMoves).toBe(16 * 2 * 2);
  });

  it('rejects bad input', () => {
    expect(() => shiftLayerCounts({ ...geom, kind: 'dense' } as unknown as ShiftLayerCountSpec)).toThrow(
      new RangeError('shiftLayerCounts: kind must be one of conv, shift, salTraining, salRounded; got "dense"'));
    expect(() => shiftLayerCounts({ kind: 'conv', ...geom, cIn: 0 })).toThrow(new RangeError('shiftLayerCounts: cIn must be an integer ≥ 1; got 0'));
    expect(() => shiftLayerCounts({ kind: 'conv', ...geom, k: 2 })).toThrow(new RangeError('shiftLayerCounts: k must be odd; got 2'));
    expect(() => shiftLayerCounts({ kind: 'salRounded', ...geom, distinctTaps: 10 })).toThrow(
      new RangeError('shiftLayerCounts: distinctTaps must be an integer in [1, 9]; got 10'));
  });
});
