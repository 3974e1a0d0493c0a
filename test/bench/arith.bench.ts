/**
 * `npm run bench arith`: correctly rounded element-wise arithmetic (`arithArray`, round to nearest even, flags
 * off) in M ops/s for float16, bfloat16, float32 and float8_e4m3fn, and the ratio to a plain Float64Array loop of
 * the same op (out[i] = a[i] + b[i], …) measured in the same process. Rows: the default path (WebAssembly SIMD
 * where it serves the format), the JS double fast path (kernel off), and scalar `arith` calls in a loop.
 * Figures are the best of REPS runs in CPU time (process.cpuUsage: one thread), so other processes on a shared
 * machine disturb them less than wall time. Operands: values of the format drawn from random codes within a
 * few binades of 1 (no NaN or inf), 2^16 elements per call, so that everything stays in the L2 cache.
 */
import { arithArray } from '../../simulators/arith/arithArray.js';
import { add, arith, ARITH_ARITY, type ArithOp } from '../../simulators/arith/arith.js';
import { setArithScalarFast } from '../../simulators/fastpath/arithScalar.js';
import { parseFormat } from '../../simulators/formats/parseFormat.js';
import { setWasmArith } from '../../simulators/fastpath/arithWasm.js';
import { Rng } from '../../simulators/random/rng.js';

const REPS = 5;
const N = 1 << 16;
const FORMATS = ['float16', 'bfloat16', 'float32', 'float8_e4m3fn'];
const OPS: ArithOp[] = ['add', 'mul', 'div', 'sqrt', 'fma'];

function cpuMs(f: () => void): number {
  const t = process.cpuUsage();
  f();
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1000;
}
const best = (f: () => void): number => Math.min(...Array.from({ length: REPS }, () => cpuMs(f)));

/** Values of the format: random doubles in ±[2^−4, 2^4) rounded into it (positive for sqrt). */
function operand(format: string, seed: number, positive: boolean): Float64Array {
  const rng = new Rng(seed);
  const x = Float64Array.from({ length: N }, () => (positive || rng.uniform() < 0.5 ? 1 : -1) * 2 ** (rng.uniform() * 8 - 4));
  return arithArray('add', format, [x, new Float64Array(N)]).values;
}

/** The plain float64 loop of each op, the baseline. */
const PLAIN: Record<ArithOp, (a: Float64Array, b: Float64Array, c: Float64Array, o: Float64Array) => void> = {
  add: (a, b, _c, o) => { for (let i = 0; i < o.length; i++) o[i] = a[i]! + b[i]!; },
  sub: (a, b, _c, o) => { for (let i = 0; i < o.length; i++) o[i] = a[i]! - b[i]!; },
  mul: (a, b, _c, o) => { for (let i = 0; i < o.length; i++) o[i] = a[i]! * b[i]!; },
  div: (a, b, _c, o) => { for (let i = 0; i < o.length; i++) o[i] = a[i]! / b[i]!; },
  sqrt: (a, _b, _c, o) => { for (let i = 0; i < o.length; i++) o[i] = Math.sqrt(a[i]!); },
  fma: (a, b, c, o) => { for (let i = 0; i < o.length; i++) o[i] = a[i]! * b[i]! + c[i]!; },
};

const rate = (n: number, ms: number): string => ((n / ms) / 1e3).toFixed(1).padStart(8);

/**
 * Scalar `add` of float16 values (one call per element), with and without its double fast path. The results are
 * summed in a local variable (an unboxed double) and stored once per run: a sum kept in a closure variable is a
 * boxed number, and allocating one per call had cost more than a tenth of the measured time. The fast path runs
 * over all N operands, 4 times per repetition, so each figure is several ms of optimized code.
 */
function scalarAdd(): void {
  const spec = parseFormat('float16');
  const [a, b] = [operand('float16', 1, false), operand('float16', 2, false)];
  let sink = 0;
  const run = (m: number, times: number): number => best(() => {
    let acc = 0;
    for (let t = 0; t < times; t++) for (let i = 0; i < m; i++) acc += add(spec, a[i]!, b[i]!);
    sink += acc;
  }) / times;
  const m = N;
  run(m, 1); // warm-up: the optimizing compiler has seen the loop before the timed runs
  const fast = run(m, 4);
  setArithScalarFast(false);
  const exact = run(1 << 12, 1);
  setArithScalarFast(true);
  console.log(`scalar add(float16, a, b): ${rate(m, fast).trim()} M ops/s (exact BigInt path: ${rate(1 << 12, exact).trim()} M ops/s)${sink === 0.5 ? ' ' : ''}`);
}

export async function bench(): Promise<void> {
  scalarAdd();
  const calls = 16;
  console.log(`arithArray, ${N} elements per call, rne, M ops/s (ratio to the plain Float64Array loop of the op)`);
  console.log('format         op     plain f64   default (ratio)     JS path (ratio)   scalar arith');
  for (const format of FORMATS) {
    const spec = parseFormat(format);
    for (const op of OPS) {
      const [a, b, c] = [1, 2, 3].map((s) => operand(format, s, op === 'sqrt'));
      const xs = [a!, b!, c!].slice(0, ARITH_ARITY[op]);
      const out = new Float64Array(N);
      const base = best(() => { for (let k = 0; k < calls; k++) PLAIN[op](a!, b!, c!, out); });
      const fast = best(() => { for (let k = 0; k < calls; k++) arithArray(op, spec, xs, { out }); });
      setWasmArith(false);
      const js = best(() => { for (let k = 0; k < calls; k++) arithArray(op, spec, xs, { out }); });
      setWasmArith(true);
      const m = 2048;
      const scalar = best(() => { for (let i = 0; i < m; i++) arith(op, spec, xs.map((x) => x[i]!)); });
      const ops = N * calls;
      console.log(
        `${format.padEnd(14)} ${op.padEnd(5)} ${rate(ops, base)}   ${rate(ops, fast)} (${(base / fast).toFixed(2)})   ${rate(ops, js)} (${(base / js).toFixed(3)})   ${rate(m, scalar)}`,
      );
    }
  }
}
