/**
 * Training throughput (examples/s) of lowbit's loop on MNIST, MLP 784-512-512-10 with dropout, SGD momentum,
 * batch 100 (the float32 example's model): float32 against policies that quantize every role but the
 * accumulator (which runs the exact simulator path and is measured on its own in docs/training.md), with the
 * WebAssembly rounding kernels (default) and, last row, without them (JS kernels). Steps of the
 * variants are interleaved in rounds and each figure is the median round, all from this one process, so the
 * ratio is what matters. Wall-clock and CPU-time figures are both printed: on a shared machine the CPU-time
 * ratio (process.cpuUsage; JS and wasm run on one thread) is the steadier one. Backend: initBackend() (wasm with
 * lowbit's kernels when available).
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/backend/initBackend.js';
import { loadDataset } from '../../src/datasets/loadDataset.js';
import { buildModel } from '../../src/training/buildModel.js';
import { createOptimizer } from '../../src/optimizers/createOptimizer.js';
import { bindParams } from '../../src/optimizers/paramBinding.js';
import { batchTensors } from '../../src/training/trainData.js';
import { isQuantizedLayer } from '../../src/layers/quantizedLayer.js';
import type { PolicySpec, TensorRole } from '../../src/policy/policySpec.js';
import { setWasmRounding } from '../../simulators/fastpath/wasm/roundKernels.js';

const ROLES: TensorRole[] = ['weight', 'bias', 'activation', 'error', 'gradient', 'momentum', 'update'];
const every = (format: string, update = format): PolicySpec => ({
  default: Object.fromEntries(ROLES.map((r) => [r, { format: r === 'update' ? update : format }])),
});
/** [name, policy, WebAssembly rounding kernels on]; the last row shows what the kernels save. */
const VARIANTS: Array<[string, PolicySpec, boolean]> = [
  ['float32', {}, true],
  ['dfixed 10/12 every role', every('dfixed(w=10)', 'dfixed(w=12)'), true],
  ['bfloat16 every role', every('bfloat16'), true],
  ['dfixed 10/12 every role, JS kernels', every('dfixed(w=10)', 'dfixed(w=12)'), false],
];
const BATCH = 100;
const ROUNDS = 5;
const STEPS = 8;

type Stepper = () => void;

function stepper(policy: PolicySpec, ds: ReturnType<typeof loadDataset>, wasm: boolean, hidden = [512, 512]): Stepper {
  const model = buildModel({ type: 'mlp', hidden, activation: 'relu', batchNorm: false, dropout: { input: 0.2, hidden: 0.5 } }, {
    inputShape: [28, 28, 1],
    numClasses: 10,
    policy,
    seed: 1,
    dfixed: { updateEvery: 10, maxOverflowRate: 1e-4 },
  });
  const opt = createOptimizer({ type: 'sgd', lr: 0.05, momentum: 0.9 });
  let bindings: ReturnType<typeof bindParams> | undefined;
  let k = 0;
  return () => {
    setWasmRounding(wasm);
    const idx = Array.from({ length: BATCH }, (_, i) => (k * BATCH + i) % ds.train.n);
    k++;
    const { x, y } = batchTensors(ds.train, idx, [784], 10);
    if (!bindings) model.apply(x); // builds the layers before binding their variables
    bindings ??= bindParams(model);
    const vars = bindings.map((b) => b.variable.read() as tf.Variable);
    const { value, grads } = tf.variableGrads(() => tf.tidy(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar), vars);
    value.dataSync();
    opt.step(bindings, grads);
    tf.dispose([x, y, value, grads]);
    for (const l of model.layers) if (isQuantizedLayer(l)) for (const q of l.quant.all()) q.endBatch();
  };
}

const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Issue 14's row: MLP 784-256-256-10 with only the accumulator role simulated (float16, round to nearest even:
 * every dot product of the forward and both backward products summed in float16 by the simulators' matmul, which
 * runs the WebAssembly kernels), against the same model in float32, interleaved in rounds like the table above.
 */
async function accumulatorRow(ds: ReturnType<typeof loadDataset>): Promise<void> {
  const rows: Array<[string, PolicySpec]> = [
    ['float32', {}],
    ['accumulator float16 (simulated)', { default: { accumulator: { format: 'float16' } } }],
  ];
  const steppers = rows.map(([, p]) => stepper(p, ds, true, [256, 256]));
  for (const s of steppers) for (let i = 0; i < 2; i++) s();
  const wall = rows.map(() => [] as number[]);
  const cpu = rows.map(() => [] as number[]);
  for (let r = 0; r < ROUNDS; r++) {
    steppers.forEach((s, v) => {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      for (let i = 0; i < 2; i++) s();
      const c = process.cpuUsage(c0);
      wall[v]!.push((2 * BATCH) / ((performance.now() - t0) / 1000));
      cpu[v]!.push((2 * BATCH) / ((c.user + c.system) / 1e6));
    });
  }
  const [w0, c0] = [median(wall[0]!), median(cpu[0]!)];
  console.log(`\nMLP 784-256-256-10, batch ${BATCH}; median of ${ROUNDS} rounds × 2 steps`);
  console.log('| variant | examples/s (wall) | time ÷ float32 (wall) | examples per CPU-second | CPU time ÷ float32 |');
  console.log('|---|---|---|---|---|');
  rows.forEach(([name], v) => {
    const [w, c] = [median(wall[v]!), median(cpu[v]!)];
    console.log(`| ${name} | ${w.toFixed(0)} | ${(w0 / w).toFixed(2)} | ${c.toFixed(0)} | ${(c0 / c).toFixed(2)} |`);
  });
}

export async function bench(): Promise<void> {
  const info = await initBackend();
  const ds = loadDataset({ name: 'mnist' });
  if (process.argv.includes('--accumulator-only')) return accumulatorRow(ds);
  const steppers = VARIANTS.map(([, p, wasm]) => stepper(p, ds, wasm));
  for (const s of steppers) for (let i = 0; i < 2; i++) s(); // warm-up (layer build, JIT)
  const wall = VARIANTS.map(() => [] as number[]);
  const cpu = VARIANTS.map(() => [] as number[]);
  for (let r = 0; r < ROUNDS; r++) {
    steppers.forEach((s, v) => {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      for (let i = 0; i < STEPS; i++) s();
      const c = process.cpuUsage(c0);
      wall[v]!.push((STEPS * BATCH) / ((performance.now() - t0) / 1000));
      cpu[v]!.push((STEPS * BATCH) / ((c.user + c.system) / 1e6));
    });
  }
  setWasmRounding(true);
  const [w0, c0] = [median(wall[0]!), median(cpu[0]!)];
  console.log(`backend ${info.name}${info.lowbitKernels ? ' + lowbit kernels' : ''}; MLP 784-512-512-10, batch ${BATCH}; median of ${ROUNDS} rounds × ${STEPS} steps`);
  console.log('| variant | examples/s (wall) | time ÷ float32 (wall) | examples per CPU-second | CPU time ÷ float32 |');
  console.log('|---|---|---|---|---|');
  VARIANTS.forEach(([name], v) => {
    const [w, c] = [median(wall[v]!), median(cpu[v]!)];
    console.log(`| ${name} | ${w.toFixed(0)} | ${(w0 / w).toFixed(2)} | ${c.toFixed(0)} | ${(c0 / c).toFixed(2)} |`);
  });
  await accumulatorRow(ds);
}
