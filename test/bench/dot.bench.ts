/**
 * dot / matmul throughput with simulated product and accumulator formats, against a plain float64 dot (a JS loop
 * over Float64Arrays) measured in the same process. Figures are multiply-accumulates per second, best of REPS
 * runs in CPU time, and the ratio to the float64 loop.
 */
import { dot } from '../../simulators/arith/dot.js';
import { matmul } from '../../simulators/arith/matmul.js';
import { parseFormat } from '../../simulators/formats/parseFormat.js';
import { quantizeArray } from '../../simulators/quantize.js';
import { Rng } from '../../simulators/random/rng.js';
import type { DotOptions } from '../../simulators/arith/dot.js';

const REPS = 5;

function cpuMs(f: () => void): number {
  const t = process.cpuUsage();
  f();
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1000;
}
const best = (f: () => void): number => Math.min(...Array.from({ length: REPS }, () => cpuMs(f)));

function operands(n: number, seed: number, spec: string, scale: number): Float64Array {
  const rng = new Rng(seed);
  return quantizeArray(parseFormat(spec), Float64Array.from({ length: n }, () => (rng.uniform() - 0.5) * scale));
}

function plainDot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

export async function bench(): Promise<void> {
  const n = 1 << 16;
  const calls = 16;
  const cases: Array<[string, string, DotOptions]> = [
    ['int8 × int8 → int16 → int32', 'int8', { product: parseFormat('int16'), accumulator: parseFormat('int32') }],
    ['int8 → wrap24', 'int8', { product: parseFormat('int16'), accumulator: parseFormat('fixed(w=24,f=0,overflow=wrap)') }],
    ['fp8 e4m3 → fp16 → fp16', 'float8_e4m3fn', { product: parseFormat('float16'), accumulator: parseFormat('float16') }],
    ['fp8 e4m3 → fp16, pairwise', 'float8_e4m3fn', { product: parseFormat('float16'), accumulator: parseFormat('float16'), order: 'pairwise' }],
    ['fp8 e4m3 → fp32 (FMA-like)', 'float8_e4m3fn', { product: parseFormat('float32'), accumulator: parseFormat('float32') }],
  ];
  const scale = (spec: string): number => (spec === 'int8' ? 256 : spec === 'float32' ? 0.25 : 8);
  let sink = 0;
  const a0 = operands(n, 1, 'int8', 256);
  const b0 = operands(n, 2, 'int8', 256);
  const base = best(() => {
    for (let c = 0; c < calls; c++) sink += plainDot(a0, b0);
  });
  const macs = n * calls;
  console.log(`plain float64 dot: ${((macs / base) * 1e3 / 1e6).toFixed(0)} M MAC/s`);
  console.log('case                             M MAC/s   ratio to float64 dot');
  for (const [name, spec, opts] of cases) {
    const a = operands(n, 1, spec, scale(spec));
    const b = operands(n, 2, spec, scale(spec));
    const ms = best(() => {
      for (let c = 0; c < calls; c++) sink += dot(a, b, opts);
    });
    console.log(`dot ${name.padEnd(29)} ${((macs / ms) * 1e3 / 1e6).toFixed(1).padStart(7)}   ${(base / ms).toFixed(4)}`);
  }
  const [M, K, N] = [64, 256, 64];
  const training: DotOptions = { product: parseFormat('float64'), accumulator: parseFormat('float16') };
  const bf16: DotOptions = { product: parseFormat('float16'), accumulator: parseFormat('bfloat16') };
  const mmCases: Array<[string, string, DotOptions]> = [
    cases[0]!,
    cases[2]!,
    ['fp8 e4m3 → fp16 → bf16', 'float8_e4m3fn', bf16],
    ['fp8 e4m3 → fp16, blocked 32', 'float8_e4m3fn', { ...cases[2]![2], order: { blocked: 32 } }],
    ['float32 exact → fp16 (training)', 'float32', training],
  ];
  for (const [name, spec, opts] of mmCases) {
    const A = operands(M * K, 3, spec, scale(spec));
    const B = operands(K * N, 4, spec, scale(spec));
    const ms = best(() => {
      sink += matmul(A, B, M, K, N, opts)[0]!;
    });
    const mm = M * K * N;
    const basePerMac = base / macs;
    console.log(`matmul ${M}×${K}×${N} ${name.padEnd(30)} ${((mm / ms) * 1e3 / 1e6).toFixed(1).padStart(7)}   ${((basePerMac * mm) / ms).toFixed(4)}`);
  }
  if (sink === 0.5) console.log('');
}
