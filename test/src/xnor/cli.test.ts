import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../cli/_run.js';
import { runInProcess } from '../cli/_inProcess.js';
import { ByteInput } from '../../../src/methods/byteInput.js';
import { ShiftBatchNorm } from '../../../src/methods/shiftBatchNorm.js';
import { methodPolicy } from '../../../src/methods/methodPolicies.js';
import { QDense } from '../../../src/layers/qDense.js';
import { QConv2D } from '../../../src/layers/qConv2D.js';
import { BatchNorm } from '../../../src/layers/batchNorm.js';
import { resolveLayerRoles } from '../../../src/policy/compilePolicy.js';
import { saveModel } from '../../../src/io/saveLoad.js';
import { Rng } from '../../../simulators/random/rng.js';

/** A run folder as `lowbit train` writes it, with an untrained (random) BinaryNet-style MLP. */
async function makeRun(dir: string): Promise<void> {
  const policy = methodPolicy('binaryNet');
  const q = (name: string, type: string) => ({ name, precision: resolveLayerRoles(policy, name, type), seed: 3 });
  const model = tf.sequential({
    layers: [
      new ByteInput({ name: 'bytes', inputShape: [784] }),
      new QDense({ ...q('dense_1', 'QDense'), units: 32, useBias: false }),
      new ShiftBatchNorm(q('bn_1', 'BatchNorm')),
      new QDense({ ...q('output', 'QDense'), units: 10 }),
    ],
  });
  const r = new Rng(2);
  const u = (f: () => number) => tf.tensor1d(Float32Array.from({ length: 32 }, f));
  model.getLayer('bn_1').setWeights([u(() => r.uniform() - 0.3), u(() => r.uniform() - 0.5), u(() => (r.uniform() - 0.5) * 3000), u(() => 1e6)]);
  await saveModel(model, join(dir, 'model'), { policy });
  writeFileSync(join(dir, 'run.json'), JSON.stringify({ config: { dataset: { name: 'mnist', trainSize: 100, testSize: 300, seed: 4 } }, backend: 'cpu' }));
  model.dispose();
}

/** The same with a small random binary CNN: 28×28 bytes → 4C3 → BN + sign → MP2 → flatten → 10. */
async function makeCnnRun(dir: string): Promise<void> {
  const policy = methodPolicy('binaryNet');
  const q = (name: string, type: string) => ({ name, precision: resolveLayerRoles(policy, name, type), seed: 5 });
  const model = tf.sequential({
    layers: [
      new ByteInput({ name: 'bytes', inputShape: [28, 28, 1] }),
      new QConv2D({ ...q('conv_1', 'QConv2D'), filters: 4, kernelSize: 3, padding: 'same', useBias: false }),
      new BatchNorm(q('conv_bn_1', 'BatchNorm')),
      tf.layers.maxPooling2d({ name: 'pool_1', poolSize: 2, strides: 2 }),
      tf.layers.flatten({ name: 'flatten' }),
      new QDense({ ...q('output', 'QDense'), units: 10 }),
    ],
  });
  const r = new Rng(6);
  const u = (f: () => number) => tf.tensor1d(Float32Array.from({ length: 4 }, f));
  model.getLayer('conv_bn_1').setWeights([u(() => r.uniform() - 0.3), u(() => r.uniform() - 0.5), u(() => r.uniform() * 300), u(() => 1e4)]);
  await saveModel(model, join(dir, 'model'), { policy });
  writeFileSync(join(dir, 'run.json'), JSON.stringify({ config: { dataset: { name: 'mnist', trainSize: 100, testSize: 300, seed: 4 } }, backend: 'cpu' }));
  model.dispose();
}

describe('lowbit export-binary and lowbit infer', () => {
  it('export a run, then infer with the popcount kernels and compare with TF.js: no difference', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lowbit-xnor-'));
    try {
      await makeRun(dir);
      const out = join(dir, 'net.xnor.json');
      const e = runCli(['export-binary', '--run', dir, '--out', out]);
      expect(e.stderr).not.toMatch(/lowbit:/);
      expect(e.code).toBe(0);
      expect(e.stdout).toMatch(/^exported 2 layers \(bitPlaneDense 784→32, outputDense 32→10\) to .*net\.xnor\.json: \d+ KiB, thresholds on cpu/);
      expect(JSON.parse(readFileSync(out, 'utf8')).source.dataset).toEqual({ name: 'mnist', trainSize: 100, testSize: 300, seed: 4 });
      const i = runCli(['infer', '--model', out, '--dataset', 'mnist', '--compare']);
      expect(i.code).toBe(0);
      expect(i.stdout).toMatch(/^xnor: test error \d+\.\d\d% on 300 mnist test images/m);
      expect(i.stdout).toMatch(/^tfjs \(cpu\): .*predictions differ on 0\/300, logits differ bitwise on 0\/3000$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a binary CNN: export (version 2, conv and pool layers), infer --compare on [n, 28, 28, 1] images: no difference', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lowbit-xnor-'));
    try {
      await makeCnnRun(dir);
      const out = join(dir, 'cnn.xnor.json');
      const e = runCli(['export-binary', '--run', dir, '--out', out]);
      expect(e.stderr).not.toMatch(/lowbit:/);
      expect(e.stdout).toMatch(/^exported 3 layers \(bitPlaneConv2D 28×28×1→28×28×4, maxPool2D 28×28×4→14×14×4, outputDense 784→10\) to /);
      expect(JSON.parse(readFileSync(out, 'utf8')).version).toBe(2);
      const i = runCli(['infer', '--model', out, '--dataset', 'mnist', '--compare']);
      expect(i.code).toBe(0);
      expect(i.stdout).toMatch(/^tfjs \(cpu\): .*predictions differ on 0\/300, logits differ bitwise on 0\/3000$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('bad input: one line naming the argument, exit 2', () => {
    const a = runCli(['export-binary', '--run', '/nonexistent/run', '--out', '/tmp/x.json']);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/^lowbit: --run: "\/nonexistent\/run" has no model\/model.json/);
    const b = runCli(['infer', '--model', '/nonexistent.json', '--dataset', 'mnist']);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/^lowbit: --model: file "\/nonexistent.json" does not exist/);
    const dir = mkdtempSync(join(tmpdir(), 'lowbit-xnor-'));
    try {
      writeFileSync(join(dir, 'bad.json'), JSON.stringify({ format: 'lowbit-xnor', version: 3 }));
      const c = runCli(['infer', '--model', join(dir, 'bad.json'), '--dataset', 'mnist']);
      expect(c.code).toBe(2);
      expect(c.stderr).toMatch(/^lowbit: readXnorModel: version: must be 1 or 2; got 3/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('regression: an XNOR file\'s source.run cannot redirect infer --compare to another folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lowbit-xnor-'));
    try {
      await makeRun(join(dir, 'run'));
      const out = join(dir, 'exports', 'net.xnor.json');
      const e = await runInProcess(['export-binary', '--run', join(dir, 'run'), '--out', out]);
      expect(e.code).toBe(0);
      const json = JSON.parse(readFileSync(out, 'utf8'));
      expect(json.source.run).toBe('../run'); // recorded relative to the file's folder
      const args = ['infer', '--model', out, '--dataset', 'mnist', '--test-size', '20', '--compare'];
      // outside the file's folder (here: the genuine run, one level up) → refused, with the way out
      const a = await runInProcess(args);
      expect(a.code).toBe(2);
      expect(a.stderr).toMatch(/^lowbit: --compare: .*net\.xnor\.json source\.run: "\.\.\/run" leaves the folder ".*exports"; only paths inside it are allowed; pass --run DIR to compare with a run elsewhere\n$/);
      for (const hostile of ['/etc', '../../../../tmp', 42]) {
        writeFileSync(out, JSON.stringify({ ...json, source: { ...json.source, run: hostile } }));
        const h = await runInProcess(args);
        expect(h.code).toBe(2);
        expect(h.stderr).toMatch(/^lowbit: --compare: .*source\.run: /);
      }
      const b = await runInProcess([...args, '--run', join(dir, 'run')]);
      expect(b.stderr).toBe('');
      expect(b.code).toBe(0);
      expect(b.stdout).toMatch(/predictions differ on 0\/20, logits differ bitwise on 0\/200$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
