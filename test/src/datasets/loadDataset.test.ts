import { describe, expect, it } from 'vitest';
import { loadDataset, resolveDatasetSpec, type DatasetSpec } from '../../../src/datasets/loadDataset.js';

describe('loadDataset: spec validation', () => {
  const bad: Array<[unknown, RegExp]> = [
    [null, /loadDataset: spec must be an object like \{ name: 'mnist' \}; got null/],
    [{ name: 'cifar' }, /loadDataset: spec.name must be one of 'mnist', 'fashion-mnist', 'synthetic'; got "cifar"/],
    [{ name: 'mnist', trainsize: 5 }, /loadDataset: unknown key 'trainsize' in spec for 'mnist'; allowed keys: name, trainSize, testSize, seed/],
    [{ name: 'mnist', path: '/tmp' }, /unknown key 'path' in spec for 'mnist'/],
    [{ name: 'mnist', trainSize: 0 }, /loadDataset: spec.trainSize must be an integer in \[1, 10000\]; got 0/],
    [{ name: 'synthetic', testSize: 2.5 }, /loadDataset: spec.testSize must be an integer in \[1, 100000\]; got 2.5/],
    [{ name: 'synthetic', seed: -1 }, /loadDataset: spec.seed must be an integer in \[0, 4294967295\]; got -1/],
    [{ name: 'fashion-mnist', path: '' }, /loadDataset: spec.path must be a non-empty folder path; got ""/],
    [{ name: 'mnist', trainSize: 9000, testSize: 2000 }, /loadDataset: spec.trainSize \+ spec.testSize must be at most 10000 for 'mnist'; got 9000 \+ 2000/],
  ];
  for (const [spec, message] of bad) {
    it(`rejects ${JSON.stringify(spec)}`, () => {
      expect(() => loadDataset(spec as DatasetSpec)).toThrow(message);
    });
  }

  it('fills the defaults', () => {
    expect(resolveDatasetSpec({ name: 'mnist' }).resolved).toEqual({ name: 'mnist', trainSize: 8000, testSize: 2000, seed: 0 });
    expect(resolveDatasetSpec({ name: 'synthetic', seed: 3 }).resolved).toEqual({ name: 'synthetic', trainSize: 2000, testSize: 500, seed: 3 });
  });
});
