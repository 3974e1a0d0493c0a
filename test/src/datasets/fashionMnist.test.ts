import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { loadDataset } from '../../../src/datasets/loadDataset.js';
import { FASHION_MNIST_DIR } from '../../../src/datasets/fashionMnist.js';
import { writeIdxFolder } from './_idxFixture.js';

const HAVE_FASHION = existsSync(`${FASHION_MNIST_DIR}/train-images-idx3-ubyte.gz`);
const SKIP_REASON = HAVE_FASHION ? '' : ` [SKIPPED: ${FASHION_MNIST_DIR} missing; apt-get install dataset-fashion-mnist]`;

describe("loadDataset({ name: 'fashion-mnist', path })", () => {
  it('reads a folder of four IDX files: counts, pixels ÷ 255, labels, file order', () => {
    const ds = loadDataset({ name: 'fashion-mnist', path: writeIdxFolder(12, 5) });
    expect([ds.train.n, ds.test.n, ds.train.x.length, ds.test.y.length]).toEqual([12, 5, 12 * 784, 5]);
    expect(ds.train.x[3 * 784 + 10]).toBeCloseTo(((7 * 3 + 10) % 256) / 255, 7);
    expect(Array.from(ds.train.y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
    expect(ds.spec).toMatchObject({ trainSize: 12, testSize: 5, seed: 0 });
  });

  it('takes seeded subsets kept in file order: same seed same subset, other seed another', () => {
    const path = writeIdxFolder(30, 20); // ≤ 36 examples keep 7i < 256 below
    const a = loadDataset({ name: 'fashion-mnist', path, trainSize: 10, testSize: 4, seed: 1 });
    const b = loadDataset({ name: 'fashion-mnist', path, trainSize: 10, testSize: 4, seed: 1 });
    const c = loadDataset({ name: 'fashion-mnist', path, trainSize: 10, testSize: 4, seed: 2 });
    expect(a.train.x).toEqual(b.train.x);
    expect(a.test.y).toEqual(b.test.y);
    expect(a.train.x).not.toEqual(c.train.x);
    // Example i of the fixture has pixel 0 = 7i mod 256, so the subset's original indices can be read back.
    const idx = Array.from({ length: 10 }, (_, k) => Math.round(a.train.x[k * 784]! * 255) / 7);
    expect(idx.every(Number.isInteger)).toBe(true);
    expect(new Set(idx).size).toBe(10);
    expect(idx).toEqual([...idx].sort((p, q) => p - q));
  });

  it('rejects a subset larger than the file, naming the key', () => {
    expect(() => loadDataset({ name: 'fashion-mnist', path: writeIdxFolder(4, 2), trainSize: 5 }))
      .toThrow(/loadDataset: spec.trainSize is 5 but train-images-idx3-ubyte.gz holds only 4 examples/);
  });

  it('names the missing file and the install command', () => {
    expect(() => loadDataset({ name: 'fashion-mnist', path: '/nonexistent/fmnist' })).toThrow(
      /dataset file not found: \/nonexistent\/fmnist\/train-images-idx3-ubyte.gz\. Install Fashion-MNIST with `apt-get install dataset-fashion-mnist`/);
  });

  it.skipIf(!HAVE_FASHION)(`the installed Fashion-MNIST has 60000 / 10000 examples${SKIP_REASON}`, () => {
    const ds = loadDataset({ name: 'fashion-mnist' });
    expect([ds.train.n, ds.test.n]).toEqual([60000, 10000]);
    expect(ds.source).toBe(FASHION_MNIST_DIR);
    expect(Math.max(...ds.test.y)).toBe(9);
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of ds.test.x) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    expect([lo, hi]).toEqual([0, 1]);
  });
});
