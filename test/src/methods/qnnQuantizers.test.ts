import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { linearQuant, logQuant, qnnLinearFormat, qnnLogFormat } from '../../../src/methods/qnnQuantizers.js';
import { quantize } from '../../../simulators/quantize.js';
import { formatToString } from '../../../simulators/formats/parseFormat.js';

describe('QNN quantizers', () => {
  it('linearQuant = clip(round(x/step)·step, minV, maxV), ties to even', () => {
    expect(linearQuant(0.3, 0.25, -1, 0.75)).toBe(0.25);
    expect(linearQuant(0.375, 0.25, -1, 0.75)).toBe(0.5); // tie 1.5 → 2
    expect(linearQuant(0.125, 0.25, -1, 0.75)).toBe(0); // tie 0.5 → 0
    expect(linearQuant(9, 0.25, -1, 0.75)).toBe(0.75);
    expect(linearQuant(-9, 0.25, -1, 0.75)).toBe(-1);
  });

  it('linearQuant with step 2^-f on the fixed range equals the simulator fixed(w,f) rne', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 8 }), fc.double({ min: -3, max: 3, noNaN: true }), (w, x) => {
        const spec = qnnLinearFormat(w);
        const step = 2 ** -spec.f;
        expect(linearQuant(x, step, -(2 ** (w - 1 - spec.f)), (2 ** (w - 1) - 1) * step)).toBe(quantize(spec, x, { rounding: 'rne' }));
      }),
    );
    expect(formatToString(qnnLinearFormat(2))).toBe('fixed(w=2,f=1)');
  });

  it('logQuant = clip(AP2(x)) equals the simulator pow2 log where both are unclipped below', () => {
    expect(logQuant(0.3, -1, 1)).toBe(0.25);
    expect(logQuant(-5, -1, 1)).toBe(-1);
    const spec = qnnLogFormat(3); // 0, ±1/4, ±1/2, ±1
    expect(spec).toEqual({ kind: 'pow2', min: -2, max: 0 });
    fc.assert(
      fc.property(fc.double({ min: 0.18, max: 4, noNaN: true }) /* above 2^-2.5, where pow2 has no zero */, fc.boolean(), (a, neg) => {
        const x = neg ? -a : a;
        expect(logQuant(x, -1, 1)).toBe(quantize(spec, x, { rounding: 'log' }));
      }),
    );
  });

  it('throws on bad arguments', () => {
    expect(() => linearQuant(1, 0, -1, 1)).toThrow(/linearQuant: need step > 0 and minV ≤ maxV; got step 0, minV -1, maxV 1/);
    expect(() => logQuant(1, 1, -1)).toThrow(/logQuant: need minV ≤ maxV; got 1, -1/);
    expect(() => qnnLinearFormat(1)).toThrow(/qnnLinearFormat: bits must be an integer in 2..24 \(use 'binary' for 1 bit\); got 1/);
    expect(() => qnnLogFormat(9)).toThrow(/qnnLogFormat: bits must be an integer in 2..8; got 9/);
    expect(() => qnnLogFormat(3, 0.5)).toThrow(/qnnLogFormat: max must be an integer; got 0.5/);
  });
});
