import { describe, expect, it } from 'vitest';
import { expandGrid } from '../../../../src/studies/spec/grid.js';
import { validateStudySpec } from '../../../../src/studies/spec/studySpec.js';
import { validateConfig } from '../../../../src/studies/trial/trainTrial.js';

const base = {
  model: { type: 'mlp', hidden: [8] }, dataset: { name: 'synthetic', trainSize: 10, testSize: 10 },
  policy: { default: { weight: { format: '{fmt}' } } }, optimizer: { type: 'sgd', lr: 0.1 }, epochs: 1, seed: 1,
};

describe('trainTrial.validateConfig (the trainer\'s validator) through expandGrid', () => {
  it('accepts valid points and traces bad ones to the grid value, with the trainer\'s message', () => {
    const spec = (values: unknown[], extra: unknown[] = [0.1]) =>
      validateStudySpec({ name: 't', base, grid: [{ path: '$fmt', values }, { path: 'optimizer.lr', values: extra }] });
    expect(expandGrid(spec(['fixed(w=8,f=4)', 'float32']), { validateConfig })).toHaveLength(2);
    expect(() => expandGrid(spec(['fixed(w=8,f=4)', 'fixd(w=8)']), { validateConfig })).toThrow(
      /^base\.policy\.default\.weight\.format \(fmt from grid\[0\]\.values\[1\]\): format "fixd\(w=8\)": unknown format 'fixd'/,
    );
    expect(() => expandGrid(spec(['float32'], [0.1, -1]), { validateConfig })).toThrow(/^grid\[1\]\.values\[1\]: Too small: expected number to be >0$/);
    const typo = validateStudySpec({ name: 't', base: { ...base, policy: {}, epoch: 3 }, grid: [] });
    expect(() => expandGrid(typo, { validateConfig })).toThrow(/^base\.epoch: unknown key; allowed: name, model, dataset, policy, optimizer, epochs, /);
  });
});
