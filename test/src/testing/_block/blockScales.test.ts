import { describe, expect, it } from 'vitest';
import { blockValues, scaleOfCode, tensorScaleOf } from '../../../../src/testing/_block/blockScales.js';
import { blockTestOp } from '../../../../src/testing/blockTestOp.js';
import { hexToF64 } from '../../../../simulators/_internal/bits.js';
import { readMxVectors } from '../../../simulators/formats/_mxVectors.js';

const E2M1 = [0, 0.5, 1, 1.5, 2, 3, 4, 6];

describe('blockScales', () => {
  it("NVFP4's tensor scale is the one the oracle vectors imply (value / (block scale × element))", () => {
    const bt = blockTestOp('convert', 'nvfp4', 'float64');
    let checked = 0;
    for (const v of readMxVectors('nvfp4')) {
      if (!v.in.every((x) => typeof x === 'string')) continue;
      const xs = (v.in as string[]).map(hexToF64);
      const r = v.r.rne!;
      const i = r.codes.findIndex((c, k) => (parseInt(c, 16) & 7) !== 0 && parseInt(r.scales[Math.floor(k / v.k)]!, 16) % 0x80 !== 0);
      if (i < 0 || xs.some((x) => !Number.isFinite(x))) continue;
      const sb = scaleOfCode(bt, BigInt('0x' + r.scales[Math.floor(i / v.k)]!))!;
      const P = E2M1[parseInt(r.codes[i]!, 16) & 7]!;
      expect(tensorScaleOf(bt, xs)).toBe(Math.abs(hexToF64(r.values_f64[i]!)) / (sb * P));
      checked++;
    }
    expect(checked).toBeGreaterThan(1500);
    expect(tensorScaleOf(bt, [0, -0])).toBe(1);
    expect(tensorScaleOf(bt, [1, NaN])).toBeNaN();
    expect(tensorScaleOf(blockTestOp('convert', 'mxfp4_e2m1', 'float32'), [5])).toBe(1);
  });
  it('reads scale codes per family; a code that is no scale is undefined', () => {
    const mx = blockTestOp('convert', 'mxfp4_e2m1', 'float32');
    expect([scaleOfCode(mx, 0n), scaleOfCode(mx, 127n), scaleOfCode(mx, 0xffn)]).toEqual([2 ** -127, 1, NaN]);
    const nv = blockTestOp('convert', 'nvfp4', 'float32');
    expect([scaleOfCode(nv, 0x7en), scaleOfCode(nv, 0x01n), scaleOfCode(nv, 0x7fn), scaleOfCode(nv, 0x80n)]).toEqual([448, 2 ** -9, NaN, undefined]);
    const p2 = blockTestOp('convert', 'scaled(elem=int8,scale=pow2(min=-4,max=4),block=4)', 'float32');
    expect([scaleOfCode(p2, 0n), scaleOfCode(p2, 9n), scaleOfCode(p2, 15n), scaleOfCode(p2, undefined)]).toEqual([1 / 16, NaN, undefined, NaN]);
    expect(blockValues(mx, 0x81n, undefined, [7n, 0xfn], 1)).toEqual([24, -24]);
    expect(blockValues(nv, 0x80n, undefined, [7n], 1)).toEqual([undefined]);
  });
});
