/**
 * Block quantization throughput: a 784×256 Dense kernel (200,704 seeded normal float32 values, σ = 0.05) blocked
 * along the reduction axis (axis 0) in MX, NVFP4 and scaled formats, as ratios against `quantizeArray` of the same
 * values into float8_e4m3fn (a scalar format, no scale) in the same process, and the doubles fast path against the
 * exact path (`counts` given, exact rationals per element); then ReLU-like values (half zeros) blocked along the
 * last axis, as activations and errors are. Best of REPS runs, CPU time.
 */
import { parseFormat } from '../../simulators/formats/parseFormat.js';
import { quantizeArray } from '../../simulators/quantize.js';
import { quantizeBlocked } from '../../simulators/blockQuantize.js';
import { Rng } from '../../simulators/random/rng.js';

const SHAPE = [784, 256];
const REPS = 5;

function cpuMs(f: () => void): number {
  let best = Infinity;
  for (let r = 0; r < REPS; r++) {
    const t = process.cpuUsage();
    f();
    const d = process.cpuUsage(t);
    best = Math.min(best, (d.user + d.system) / 1000);
  }
  return best;
}

export async function bench(): Promise<void> {
  const rng = new Rng(1);
  const xs = Float32Array.from({ length: SHAPE[0]! * SHAPE[1]! }, () => Math.fround(0.05 * Math.sqrt(-2 * Math.log(1 - rng.uniform())) * Math.cos(2 * Math.PI * rng.uniform())));
  const base = cpuMs(() => quantizeArray(parseFormat('float8_e4m3fn'), xs));
  console.log(`baseline quantizeArray float8_e4m3fn: ${base.toFixed(1)} ms for ${xs.length} values`);
  console.log('format                                            fast/baseline  exact/fast');
  for (const id of ['mxfp8_e4m3', 'mxfp4_e2m1', 'mxint8', 'nvfp4', 'scaled(elem=int8,scale=float32,block=channel)', 'scaled(elem=int4,scale=float32,block=32)']) {
    const spec = parseFormat(id);
    const fast = cpuMs(() => quantizeBlocked(spec, xs, SHAPE, { axis: 0 }));
    const exact = cpuMs(() => quantizeBlocked(spec, xs, SHAPE, { axis: 0, counts: { count: 0, overflow: 0, underflow: 0, inexact: 0 } }));
    console.log(`${id.padEnd(50)}${(fast / base).toFixed(1).padStart(12)}×${(exact / fast).toFixed(1).padStart(11)}×`);
  }
  // ReLU outputs and their errors are half zeros: under a non-power-of-two scale, zeros must stay on the kernel path
  const relu = xs.map((x) => (x > 0 ? x : 0));
  const reluBase = cpuMs(() => quantizeArray(parseFormat('float8_e4m3fn'), relu));
  console.log('ReLU-like values (half zeros), blocked along axis 1   fast/baseline');
  for (const id of ['scaled(elem=int8,scale=float32,block=channel)', 'nvfp4', 'mxfp4_e2m1']) {
    const fast = cpuMs(() => quantizeBlocked(parseFormat(id), relu, SHAPE, { axis: 1 }));
    console.log(`${id.padEnd(50)}${(fast / reluBase).toFixed(1).padStart(12)}×`);
  }
}
