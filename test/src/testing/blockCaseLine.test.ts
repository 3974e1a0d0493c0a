import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { blockTestOp, inputCount, lineTokens } from '../../../src/testing/blockTestOp.js';
import { formatBlockLine, parseBlockLine } from '../../../src/testing/blockCaseLine.js';
import { quantizeBlocks } from '../../../simulators/blockQuantize.js';
import { parseFormat } from '../../../simulators/formats/parseFormat.js';

const f32 = (x: number) => BigInt(new Uint32Array(new Float32Array([x]).buffer)[0]!);
const line = (spec: string, xs: number[], from = 'float32') => {
  const bt = blockTestOp('convert', spec, from);
  const inputs = xs.map(f32);
  return formatBlockLine(bt, { inputs, result: quantizeBlocks(bt.spec, xs) });
};

describe('blockTestOp', () => {
  it('compiles a block conversion: block size, code widths, zero point', () => {
    const mx = blockTestOp('convert', 'mxfp4_e2m1', 'float32');
    expect([mx.K, mx.scaleBits, mx.elemBits, mx.zeroPoint, mx.name]).toEqual([32, 8, 4, false, 'mxfp4_e2m1']);
    const zp = blockTestOp('convert', 'scaled(elem=uint8,scale=float32,block=tensor,zeroPoint=on)', 'float64');
    expect([zp.K, zp.scaleBits, zp.elemBits, zp.zeroPoint]).toEqual([undefined, 32, 8, true]);
    expect(blockTestOp('convert', parseFormat('nvfp4'), parseFormat('bfloat16')).from.m).toBe(7);
  });
  it('rejects what is not a block conversion, naming the argument', () => {
    expect(() => blockTestOp('add', 'mxfp4_e2m1', 'float32')).toThrow(/^op: a block format is tested on convert .*; got "add"$/);
    expect(() => blockTestOp('convert', 'mxfp4_e2m1')).toThrow(/^from: convert needs the input format \(from\)/);
    expect(() => blockTestOp('convert', 'mxfp4_e2m1', 'fixed(w=8,f=4)')).toThrow(/^from: the inputs of a block format are floats .*; got "fixed\(w=8,f=4\)"$/);
    expect(() => blockTestOp('convert', 'mxfp4_e2m1', 'nvfp4')).toThrow(/^from: a unit can be tested in a float or fixed format; got a nvfp4 format/);
    expect(() => blockTestOp('convert', 'float16', 'float32')).toThrow(/^format: not a block-scaled format .*; got "float16"$/);
    expect(() => blockTestOp('convert', 'mx(elem=float9)', 'float32')).toThrow(/^format: /);
    expect(() => blockTestOp('convert', 42 as never, 'float32')).toThrow(TypeError);
  });
  it('the token count of a line determines its number of inputs (and most counts fit none)', () => {
    for (const spec of ['mxfp4_e2m1', 'nvfp4', 'mx(elem=int8,block=1)', 'scaled(elem=int8,scale=float32,block=channel)', 'scaled(elem=uint8,scale=e8m0,block=3,zeroPoint=on)']) {
      const bt = blockTestOp('convert', spec, 'float32');
      fc.assert(fc.property(fc.integer({ min: 0, max: 5000 }), (n) => inputCount(bt, lineTokens(bt, n)) === n));
      const fits = new Set(Array.from({ length: 200 }, (_, n) => lineTokens(bt, n)));
      for (let t = 0; t < 400; t++) if (!fits.has(t)) expect(inputCount(bt, t)).toBeUndefined();
    }
  });
});

describe('the block test line', () => {
  it('is the inputs, then per block the scale and element codes (upper-case hex, quantize --output code order)', () => {
    // 1 2 3 100: amax 100, e = 6 − 2 = 4, scale 2^4 (0x83); 1/16, 2/16, 3/16 → 0; 100/16 → 6 (0x7)
    expect(line('mxfp4_e2m1', [1, 2, 3, 100])).toBe('3F800000 40000000 40400000 42C80000 83 0 0 0 7');
    // 33 inputs: a block of 32 and a block of one
    const xs = Array.from({ length: 33 }, (_, i) => i + 1);
    const toks = line('mxfp8_e4m3', xs).split(' ');
    expect(toks).toHaveLength(33 + 1 + 32 + 1 + 1);
    // block 1: amax 32, e = 5 − 8 = −3 (0x7C), 32·8 = 256 (0x78); block 2: 33, e = −3, 33·8 = 264 → 256 (0x78)
    expect([toks[33], toks[65], toks[66], toks[67]]).toEqual(['7C', '78', '7C', '78']);
    // a zero point comes after the scale; a NaN block of a scale format without NaN reads NAN
    expect(line('scaled(elem=uint8,scale=float32,block=2,zeroPoint=on)', [0, 255])).toBe('00000000 437F0000 3F800000 00 00 FF');
    expect(line('scaled(elem=int8,scale=fixed(w=8,f=4),block=2)', [1, NaN])).toBe('3F800000 7FC00000 NAN 00 00');
  });
  it('reads back what it writes; any case, 0x, spaces and tabs are fine', () => {
    const bt = blockTestOp('convert', 'mxfp4_e2m1', 'float32');
    const p = parseBlockLine(bt, '3F800000 40000000 40400000 42C80000 83 0 0 0 7', 1);
    expect(p).toEqual({ inputs: [0x3f800000n, 0x40000000n, 0x40400000n, 0x42c80000n], scales: [0x83n], zeros: undefined, codes: [0n, 0n, 0n, 7n] });
    expect(parseBlockLine(bt, '  0x3f800000\t40000000 40400000  42c80000 0x83 0 0x0 0 7 ', 2)).toEqual(p);
    const nanScale = blockTestOp('convert', 'scaled(elem=int8,scale=fixed(w=8,f=4),block=2)', 'float32');
    expect(parseBlockLine(nanScale, '3F800000 7FC00000 nan 00 00', 3).scales).toEqual([undefined]);
  });
  it('rejects a malformed line, naming the line, the token and what is allowed', () => {
    const bt = blockTestOp('convert', 'mxfp4_e2m1', 'float32');
    expect(() => parseBlockLine(bt, '3F800000 83 0 0', 4)).toThrow(/^line 4: 4 tokens make no test line of mxfp4_e2m1 \(n input codes, then per block a scale and its element codes; blocks of 32: 2n \+ blocks tokens\)$/);
    expect(() => parseBlockLine(bt, '3F80000 83 0', 5)).toThrow(/^line 5 input 1: must be 8 hex digits \(a 32-bit code, 0x optional\); got "3F80000"$/);
    expect(() => parseBlockLine(bt, '3F800000 83 00', 6)).toThrow(/^line 6 element 1: must be 1 hex digits .*; got "00"$/);
    expect(() => parseBlockLine(bt, '3F800000 G3 0', 7)).toThrow(/^line 7 block 1 scale: must be 2 hex digits \(a 8-bit code, 0x optional\) or NAN; got "G3"$/);
    expect(() => parseBlockLine(bt, '3F800000 83 NAN', 8)).toThrow(/^line 8 element 1: must be 1 hex digits/);
    const e5 = blockTestOp('convert', 'scaled(elem=int8,scale=pow2(min=-4,max=4),block=4)', 'float(e=5,m=2,subnormals=off)');
    expect(e5.scaleBits).toBe(4);
    expect(() => parseBlockLine(e5, '01 0 00', 9)).toThrow(/^line 9 input 1: 01 is not a value of the input format/);
    const f6 = blockTestOp('convert', 'mx(elem=float6_e3m2fn)', 'float32');
    expect(() => parseBlockLine(f6, '3F800000 7F 40', 10)).toThrow(/^line 10 element 1: 40 is out of range for a 6-bit code$/);
  });
});
