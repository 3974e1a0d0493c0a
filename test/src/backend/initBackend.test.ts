import { afterEach, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { activeBackend, initBackend } from '../../../src/backend/initBackend.js';

/** Loaders that fail the way the real ones do on this machine (see /work/shared/reference/tfjs-notes.md). */
const moduleNotFound = async (): Promise<never> => {
  throw Object.assign(new Error("Cannot find module '@tensorflow/tfjs-node'"), { code: 'MODULE_NOT_FOUND' });
};
const bindingMissing = async (): Promise<never> => {
  throw new Error('The Node.js native addon module (tfjs_binding.node) can not be found at path: …');
};

// Order matters: the fake-backend cases run before the real wasm package is imported by a later case.
describe('initBackend', () => {
  afterEach(() => {
    delete process.env.LOWBIT_BACKEND;
  });

  it('activeBackend throws before any initBackend', () => {
    expect(() => activeBackend()).toThrow(/activeBackend: no backend initialised; call `await initBackend\(\)` first/);
  });

  it('rejects an unknown preference, naming it and the allowed values', async () => {
    await expect(initBackend('gpu' as 'cpu')).rejects.toThrow(
      new RangeError("initBackend: preference must be one of 'auto', 'tensorflow', 'wasm', 'cpu'; got \"gpu\""));
  });

  it('rejects a bad LOWBIT_BACKEND, naming the variable', async () => {
    process.env.LOWBIT_BACKEND = 'webgl';
    await expect(initBackend()).rejects.toThrow(/environment variable LOWBIT_BACKEND must be one of 'auto', .*; got "webgl"/);
  });

  it("'auto' falls back to cpu when tfjs-node and wasm both fail to import", async () => {
    const info = await initBackend('auto', { loadTfjsNode: moduleNotFound, loadWasm: moduleNotFound });
    expect(info).toMatchObject({ name: 'cpu', tfjsNodeAvailable: false, lowbitKernels: false });
    expect(tf.getBackend()).toBe('cpu');
    expect(activeBackend().name).toBe('cpu');
  });

  it("'auto' falls back to cpu when the wasm backend imports but fails to initialise", async () => {
    // Arrange: a 'wasm' backend whose factory throws, so tf.setBackend('wasm') resolves false.
    const brokenWasm = async (): Promise<unknown> => {
      tf.registerBackend('wasm', () => { throw new Error('wasm init failed'); });
      return {};
    };
    try {
      // Act
      const info = await initBackend('auto', { loadTfjsNode: bindingMissing, loadWasm: brokenWasm, lowbitKernels: false });
      // Assert
      expect(info.name).toBe('cpu');
      expect(tf.getBackend()).toBe('cpu');
    } finally {
      tf.removeBackend('wasm');
    }
  });

  it("'auto' picks tensorflow when tfjs-node loads (a fake one here) and reports its version", async () => {
    const fakeNode = async (): Promise<unknown> => {
      tf.registerBackend('tensorflow', tf.findBackendFactory('cpu')!);
      return { version: '9.9.9' };
    };
    try {
      const info = await initBackend('auto', { loadTfjsNode: fakeNode, loadWasm: moduleNotFound });
      expect(info).toMatchObject({ name: 'tensorflow', tfjsNodeAvailable: true, lowbitKernels: false });
      expect(info.versions).toMatchObject({ tfjs: tf.version.tfjs, 'tfjs-node': '9.9.9' });
    } finally {
      tf.removeBackend('tensorflow');
    }
  });

  it("an explicit 'tensorflow' that cannot load throws, naming the reason", async () => {
    await expect(initBackend('tensorflow', { loadTfjsNode: bindingMissing }))
      .rejects.toThrow(/initBackend: no backend could start for preference 'tensorflow': tensorflow: import failed \(.*tfjs_binding\.node/);
  });

  it("'auto' with the real loaders runs tensorflow if tfjs-node works, else wasm with lowbit kernels", async () => {
    const info = await initBackend('auto');
    expect(info.name).toBe(info.tfjsNodeAvailable ? 'tensorflow' : 'wasm');
    expect(tf.getBackend()).toBe(info.name);
    if (info.name === 'wasm') {
      expect(info.lowbitKernels).toBe(true);
      expect(info.versions['tfjs-backend-wasm']).toBe(tf.version.tfjs);
    }
  });

  it('is idempotent: a repeated call neither re-registers kernels nor switches backend', async () => {
    const first = await initBackend('wasm');
    const kernel = tf.getKernel('BatchMatMul', 'wasm');
    const again = await initBackend('wasm');
    expect(again).toEqual(first);
    expect(tf.getKernel('BatchMatMul', 'wasm')).toBe(kernel);
  });

  it('lowbitKernels: false gives stock wasm and says so', async () => {
    const info = await initBackend('wasm', { lowbitKernels: false });
    expect(info).toMatchObject({ name: 'wasm', lowbitKernels: false });
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
    expect((await initBackend('wasm')).lowbitKernels).toBe(true);
  });

  it('LOWBIT_BACKEND chooses when no argument is given', async () => {
    process.env.LOWBIT_BACKEND = 'cpu';
    expect((await initBackend()).name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
  });

  it('activeBackend reports the real backend after a direct tf.setBackend', async () => {
    await initBackend('wasm');
    await tf.setBackend('cpu');
    expect(activeBackend()).toMatchObject({ name: 'cpu', lowbitKernels: false });
  });
});
