/**
 * quantizeArray throughput: 10M seeded normal float32 values (σ = 1) into float8_e4m3fn, float16, bfloat16,
 * fixed(w=8,f=4) and float(e=4,m=3), against `Float32Array.prototype.set` copying the same array in the same
 * process (issue 14's targets: rne ≥ 0.5× the copy, sr ≥ 0.2×). Stochastic rounding is shown with the batched
 * counter-based generator (`CounterRng`, Philox in WebAssembly SIMD: `rng ctr`) and with the one-draw-at-a-time
 * `Rng` (`rng xoro`). Each figure is the best of REPS runs in CPU time (process.cpuUsage), which is steadier than wall time on
 * a shared machine. Round to nearest even without flag counts runs the WebAssembly SIMD kernels; those rows are
 * also run with them switched off (`kernel js`). Also shows the scalar loop (one handler.round per element) on 1M
 * values for scale. The `in place` rows round an array allocated in WebAssembly memory (`wasmFloat32Array`) where
 * it lies (`kernel wasm-ip`): with `out` = the array itself (no copy; the values are rounded again each repetition,
 * the same work for the branch-free kernel), and with an ordinary input written into it (`wasm-1c`, one copy).
 */
import { parseFormat } from '../../simulators/formats/parseFormat.js';
import { quantizeArray, type QuantizeCounts } from '../../simulators/quantize.js';
import { handlerFor } from '../../simulators/registry.js';
import { Rng } from '../../simulators/random/rng.js';
import type { RoundingMode } from '../../simulators/rounding/roundingMode.js';
import { setWasmRounding } from '../../simulators/fastpath/wasm/roundKernels.js';
import { CounterRng } from '../../simulators/random/counterRng.js';
import { wasmFloat32Array } from '../../simulators/wasmArray.js';

const N = 10_000_000;
const REPS = 7;

function normals(n: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  const xs = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - rng.uniform()));
    const t = 2 * Math.PI * rng.uniform();
    xs[i] = r * Math.cos(t);
    if (i + 1 < n) xs[i + 1] = r * Math.sin(t);
  }
  return xs;
}

function cpuMs(f: () => void): number {
  const t = process.cpuUsage();
  f();
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1000;
}

/** One line of the table: ns and M elements per second of N, and the ratio to the copy timed beside it. */
function row(id: string, mode: string, withCounts: boolean, kernel: string, ms: number, copyMs: number): void {
  console.log(`${id.padEnd(20)} ${mode.padEnd(5)} ${String(withCounts).padEnd(7)} ${kernel.padEnd(7)} ${((ms * 1e6) / N).toFixed(2).padStart(5)}  ${((N / ms) * 1e3 / 1e6).toFixed(0).padStart(6)}  ${(copyMs / ms).toFixed(3)}`);
}

const best = (f: () => void, reps = REPS): number => Math.min(...Array.from({ length: reps }, () => cpuMs(f)));

export async function bench(): Promise<void> {
  const xs = normals(N, 1);
  const out = new Float32Array(N);
  const copy = new Float32Array(N);
  const copyAll = best(() => copy.set(xs), 2 * REPS);
  console.log(`Float32Array.prototype.set, ${N / 1e6}M float32: ${copyAll.toFixed(1)} ms (${((N / copyAll) * 1e3 / 1e6).toFixed(0)} M el/s)`);
  console.log('format               mode  counts  kernel  ns/el   M el/s  ratio to copy (copy timed alongside each case)');
  // sr last: its draws allocate, and the garbage collector's background threads would count in later CPU times
  const cases: Array<[string, RoundingMode, boolean]> = [
    ['float8_e4m3fn', 'rne', false],
    ['float16', 'rne', false],
    ['bfloat16', 'rne', false],
    ['fixed(w=8,f=4)', 'rne', false],
    ['float(e=4,m=3)', 'rne', true],
    ['float(e=4,m=3)', 'rtz', false],
    ['fixed(w=8,f=4)', 'rne', true],
    ['fixed(w=8,f=4)', 'rtz', false],
    ['float8_e4m3fn', 'sr', false],
    ['float16', 'sr', false],
    ['bfloat16', 'sr', false],
    ['fixed(w=8,f=4)', 'sr', false],
  ];
  const runs = cases.flatMap(([id, mode, withCounts]) => ((mode === 'rne' || mode === 'sr') && !withCounts ? [[id, mode, withCounts, true], [id, mode, withCounts, false]] : [[id, mode, withCounts, false]]) as Array<[string, RoundingMode, boolean, boolean]>);
  for (const [id, mode, withCounts, wasm] of runs) {
    const spec = parseFormat(id);
    setWasmRounding(wasm);
    const counts: QuantizeCounts = { count: 0, overflow: 0, underflow: 0, inexact: 0 };
    // the copy is timed next to every run, so that a change in machine load moves both figures
    let copyMs = Infinity;
    let ms = Infinity;
    for (let r = 0; r < REPS; r++) {
      copyMs = Math.min(copyMs, cpuMs(() => copy.set(xs)));
      // sr: the batched counter-based generator ('wasm' rows) or the one-draw-at-a-time Rng ('js' rows)
      const rng = mode !== 'sr' ? undefined : wasm ? new CounterRng(3) : new Rng(3);
      ms = Math.min(ms, cpuMs(() => quantizeArray(spec, xs, { rounding: mode, ...(rng ? { rng } : { seed: 3 }), out, counts: withCounts ? counts : undefined })));
    }
    row(id, mode, withCounts, mode === 'sr' ? (wasm ? 'ctr' : 'xoro') : wasm ? 'wasm' : 'js', ms, copyMs);
  }
  setWasmRounding(true);
  console.log('in place in WebAssembly memory (wasmFloat32Array), rne, no counts:');
  const ip = wasmFloat32Array(N);
  for (const id of ['float8_e4m3fn', 'float16', 'bfloat16', 'fixed(w=8,f=4)']) {
    const spec = parseFormat(id);
    for (const oneCopy of [false, true]) {
      let copyMs = Infinity;
      let ms = Infinity;
      for (let r = 0; r < REPS; r++) {
        copyMs = Math.min(copyMs, cpuMs(() => copy.set(xs)));
        if (!oneCopy) ip.set(xs);
        ms = Math.min(ms, cpuMs(() => quantizeArray(spec, oneCopy ? xs : ip, { out: ip })));
      }
      row(id, 'rne', false, oneCopy ? 'wasm-1c' : 'wasm-ip', ms, copyMs);
    }
  }
  const n1 = 1_000_000;
  for (const id of ['float(e=4,m=3)', 'fixed(w=8,f=4)']) {
    const spec = parseFormat(id);
    const h = handlerFor(spec);
    const ms = best(() => {
      for (let i = 0; i < n1; i++) out[i] = h.round(spec, xs[i]!, 'rne', 0).value;
    }, 2);
    console.log(`scalar loop ${id} rne: ${((ms * 1e6) / n1).toFixed(1)} ns/el (ratio to copy ${((copyAll / N) * n1 / ms).toFixed(4)})`);
  }
}
