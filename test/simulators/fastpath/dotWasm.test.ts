import { describe, expect, it } from 'vitest';
import { parseFormat } from '../../../simulators/formats/parseFormat.js';
import { dot } from '../../../simulators/arith/dot.js';
import { matmul } from '../../../simulators/arith/matmul.js';
import { quantizeArray } from '../../../simulators/quantize.js';
import { Rng } from '../../../simulators/random/rng.js';
import { setWasmDot, matmulWasm } from '../../../simulators/fastpath/dotWasm.js';
import type { DotOptions, DotOrder } from '../../../simulators/arith/dot.js';
import type { FixedSpec, FloatSpec } from '../../../simulators/formats/formatSpec.js';

const OPERANDS = ['float8_e4m3fn', 'float8_e5m2', 'bfloat16', 'float16', 'int8'];
// the fn/fnuz presets overflow to NaN (issue 13): served, with NaN sums kept; the spec strings saturate
const SIDES = ['float64', 'float16', 'bfloat16', 'float32', 'float8_e4m3fn', 'float(e=4,m=3,specials=fn)', 'float8_e5m2', 'float8_e4m3fnuz', 'float(e=4,m=3,specials=fnuz)', 'float(e=3,m=2,subnormals=off)', 'float(e=5,m=10,overflow=saturate)', 'float(e=4,m=3,specials=fn,overflow=nan)', 'float(e=5,m=10,overflow=nan)', 'int16', 'int32', 'fixed(w=24,f=0,overflow=wrap)', 'fixed(w=12,f=4,overflow=wrap)', 'fixed(w=16,f=8)'];
const ORDERS: DotOrder[] = ['sequential', 'pairwise', { blocked: 1 }, { blocked: 3 }, { blocked: 7 }, { blocked: 64 }];

function values(format: string, n: number, rng: Rng, scale: number): Float64Array {
  const x = Float64Array.from({ length: n }, () => {
    const k = rng.uint32() % 64;
    if (k === 0) return 0;
    if (k === 1) return -0;
    return (rng.uniform() - 0.5) * scale * 2 ** ((rng.uint32() % 9) - 4);
  });
  return quantizeArray(parseFormat(format), x);
}

const same = (a: Float64Array, b: Float64Array): boolean => a.length === b.length && a.every((x, i) => Object.is(x, b[i]) || (Number.isNaN(x) && Number.isNaN(b[i]!)));

describe('WebAssembly dot/matmul kernels equal the JS path bit for bit', () => {
  it('on random shapes, orders, operand, product and accumulator formats', () => {
    const rng = new Rng(11);
    const bad: string[] = [];
    let served = 0;
    for (let t = 0; t < 160; t++) {
      const opnd = OPERANDS[t % OPERANDS.length]!;
      const opts: DotOptions = {
        product: parseFormat(SIDES[rng.uint32() % SIDES.length]!),
        accumulator: parseFormat(SIDES[rng.uint32() % SIDES.length]!),
        order: ORDERS[rng.uint32() % ORDERS.length]!,
      };
      const [M, K, N] = [1 + (rng.uint32() % 5), rng.uint32() % 70, 1 + (rng.uint32() % 9)];
      const scale = opnd === 'int8' ? 256 : 2 ** (rng.uint32() % 12);
      const A = values(opnd, M * K, rng, scale);
      const B = values(opnd, K * N, rng, scale);
      if (matmulWasm(opts.product as FloatSpec | FixedSpec, opts.accumulator as FloatSpec | FixedSpec, 'rne', opts.order!, A, B, M, K, N)) served++;
      const fast = matmul(A, B, M, K, N, opts);
      const was = setWasmDot(false);
      const slow = matmul(A, B, M, K, N, opts);
      const d1 = dot(A.subarray(0, K), B.subarray(0, K), opts);
      setWasmDot(was);
      const d0 = dot(A.subarray(0, K), B.subarray(0, K), opts);
      if (!same(fast, slow) || !Object.is(d0, d1)) { const i = fast.findIndex((x, k) => !(Object.is(x, slow[k]) || (Number.isNaN(x) && Number.isNaN(slow[k]!)))); bad.push(`case ${t}: ${JSON.stringify({ opnd, M, K, N, order: opts.order, p: opts.product, a: opts.accumulator, i, f: fast[i], s: slow[i], d0, d1 })}`); }
    }
    expect(bad).toEqual([]);
    expect(served).toBeGreaterThan(60); // the kernels really ran (not only the fallback)
  });
  it('an infinity or NaN met in a sum falls back to the exact path (IEEE rules)', () => {
    const f16 = parseFormat('float16');
    const e4 = parseFormat('float8_e4m3fn');
    const a = new Float64Array([448, 448, 1]);
    const b = new Float64Array([448, -448, 1]);
    // products overflow float16 to ±inf; inf + (−inf) is NaN; in e4m3fn (no inf) the exact path gives NaN too
    expect(dot(a, b, { product: f16, accumulator: f16 })).toBeNaN();
    // float16 has ±inf, so the kernel's inf and NaN are the exact path's: served, NaN
    expect(matmulWasm(f16 as FloatSpec, f16 as FloatSpec, 'rne', 'sequential', a, b, 1, 3, 1)![0]).toBeNaN();
    // a saturating accumulator would clamp an infinite sum: not served
    const sat = parseFormat('float(e=5,m=10,overflow=saturate)') as FloatSpec;
    expect(matmulWasm(f16 as FloatSpec, sat, 'rne', 'sequential', a, b, 1, 3, 1)).toBeUndefined();
    expect(dot(new Float64Array([Infinity]), new Float64Array([1]), { product: f16, accumulator: e4 })).toBeNaN();
  });
  it('int8 × int8 → int16 products into int32 and a wrapping 24-bit accumulator run in the kernels, bit for bit', () => {
    const rng = new Rng(4);
    const [M, K, N] = [3, 700, 10];
    const A = Float64Array.from({ length: M * K }, () => (rng.uint32() % 256) - 128);
    const B = Float64Array.from({ length: K * N }, () => (rng.uint32() % 256) - 128);
    for (let k = 0; k < K; k++) [A[k], B[k * N]] = [-128, -128]; // row 0 · column 0 = 700 · 2^14 wraps 2^24
    for (const acc of ['int32', 'fixed(w=24,f=0,overflow=wrap)', 'fixed(w=20,f=0)']) {
      for (const order of ORDERS) {
        const opts: DotOptions = { product: parseFormat('int16'), accumulator: parseFormat(acc), order };
        expect(matmulWasm(opts.product as FixedSpec, opts.accumulator as FixedSpec, 'rne', order, A, B, M, K, N)).toBeDefined();
        const fast = matmul(A, B, M, K, N, opts);
        const was = setWasmDot(false);
        const slow = matmul(A, B, M, K, N, opts);
        setWasmDot(was);
        expect(same(fast, slow)).toBe(true);
      }
    }
  });
  it('sums whose double is a rounding boundary of the accumulator while the exact sum is not (error term 2^-58)', () => {
    // column j: acc = 1 + 2^-7 (an odd bfloat16 code), then + (±2^-8)(1 ± 2^-25)·(1 ∓ 2^-25) = ±(2^-8 − 2^-58): the
    // double sum is the midpoint 1 + 2^-7 ± 2^-8, the exact one lies 2^-58 toward 1 + 2^-7 (a tie would go to even)
    const u = 2 ** -25;
    const A = new Float64Array([1 + 2 ** -7, 2 ** -8 * (1 + u)]);
    const B = new Float64Array([1, 1, 1, 1, 1, 1, 1, 1, 1 - u, -(1 - u), 1 + u, -(1 + u), 1 - u, 1, -(1 - u), 0.5]);
    for (const accText of ['bfloat16', 'float32', 'float16', 'float(e=8,m=3)']) {
      const opts: DotOptions = { product: parseFormat('float64'), accumulator: parseFormat(accText) };
      const fast = matmul(A, B, 1, 2, 8, opts);
      const was = setWasmDot(false);
      const slow = matmul(A, B, 1, 2, 8, opts);
      setWasmDot(was);
      expect(matmulWasm(opts.product as FloatSpec, opts.accumulator as FloatSpec, 'rne', 'sequential', A, B, 1, 2, 8)).toBeDefined();
      expect([...fast]).toEqual([...slow]);
    }
    const bf = matmul(A, B, 1, 2, 8, { product: parseFormat('float64'), accumulator: parseFormat('bfloat16') });
    expect(bf[0]).toBe(1 + 2 ** -7); // just below the midpoint: down (a tie would have gone up, to even)
  });
});
