import { describe, expect, it } from 'vitest';
import { validateStudySpec, axisName } from '../../../../src/studies/spec/studySpec.js';

const ok = { name: 's1', base: { epochs: 1 }, grid: [{ path: 'seed', values: [1, 2] }] };
const withGrid = (grid: unknown) => ({ ...ok, grid });

describe('validateStudySpec', () => {
  it('accepts a minimal spec and keeps its fields', () => {
    const s = validateStudySpec({ ...ok, quick: { epochs: 1 }, report: { bits: '{p}' } });
    expect(s.name).toBe('s1');
    expect(s.grid).toHaveLength(1);
    expect(s.quick).toEqual({ epochs: 1 });
    expect(validateStudySpec({ name: 'n', base: {} }).grid).toEqual([]);
  });

  it.each([
    [{ ...ok, bogus: 1 }, /^bogus: unknown key; allowed: name, description, base, seeds, cost, grid, quick, quickGrid, report$/],
    [{ ...ok, name: 'a b' }, /^name: must be a string matching/],
    [{ ...ok, base: [] }, /^base: must be a training config object/],
    [{ ...ok, grid: {} }, /^grid: must be an array of axes/],
    [withGrid([{ path: 'seed', values: [1], extra: true }]), /^grid\[0\]\.extra: unknown key; allowed: name, path, paths, values, labels$/],
    [withGrid([{ values: [1] }]), /^grid\[0\]: needs exactly one of 'path'/],
    [withGrid([{ path: 'a', paths: ['b'], values: [1] }]), /^grid\[0\]: needs exactly one of 'path'/],
    [withGrid([{ path: 'seed', values: [] }]), /^grid\[0\]\.values: must be a non-empty array/],
    [withGrid([{ path: 'a..b', values: [1] }]), /^grid\[0\]\.path: config path "a\.\.b" is malformed/],
    [withGrid([{ path: '$1x', values: [1] }]), /^grid\[0\]\.path: variable "\$1x" is malformed/],
    [withGrid([{ path: 'seed', values: [1] }, { paths: ['a', 'b'], values: [[1, 2], [3]] }]), /^grid\[1\]\.values\[1\]: must be an array of 2 values, one per entry of 'paths'; got \[3\]$/],
    [withGrid([{ path: '$p', values: [8, { w: 1 }] }]), /^grid\[0\]\.values\[1\]: a variable's value must be a string or a finite number/],
    [withGrid([{ paths: ['x', '$p'], values: [[1, null]] }]), /^grid\[0\]\.values\[0\]\[1\]: a variable's value must be a string or a finite number/],
    [withGrid([{ path: 'seed', values: [1, 2], labels: ['a'] }]), /^grid\[0\]\.labels: must be an array of 2 strings/],
    [withGrid([{ path: 'seed', values: [1, 2], labels: ['a', 'a'] }]), /^grid\[0\]\.labels: must be distinct$/],
    [withGrid([{ path: 'seed', values: [1] }, { path: 'x.seed', values: [2] }]), /^grid\[1\]: axis name "seed" is already used by grid\[0\]; give one of them a 'name'$/],
    [withGrid([{ path: 'seed', values: [1] }, { name: 'other', path: 'seed', values: [2] }]), /^grid\[1\]: "seed" is already set by grid\[0\]$/],
    [{ ...ok, quick: { $p: 1 } }, /^quick\.\$p: must be a config path, not a variable$/],
    [{ ...ok, report: { bits: 3 } }, /^report\.bits: must be a non-empty string; got 3$/],
    [{ ...ok, report: { colour: 'x' } }, /^report\.colour: unknown key; allowed: title, formatPath, bits, bitsTitle, family, series$/],
    [null, /^\(study\): must be a JSON object/],
    [withGrid([[{ path: 'seed', values: [1] }], { path: 'x', values: [1] }]), /^grid\[1\]: must be an array of axes like grid\[0\] \(a union of grids\)$/],
    [withGrid([{ path: 'x', values: [1] }, [{ path: 'seed', values: [1] }]]), /^grid\[1\]: must be an axis object; a union of grids lists arrays of axes only$/],
    [withGrid([[{ path: 'seed', values: [1] }], [{ path: 'seed', values: [] }]]), /^grid\[1\]\[0\]\.values: must be a non-empty array/],
    [{ ...ok, quickGrid: { nope: ['1'] } }, /^quickGrid\.nope: unknown axis; axes: seed$/],
    [{ ...ok, quickGrid: { seed: [] } }, /^quickGrid\.seed: must be a non-empty array of labels of axis seed/],
    [{ ...ok, quickGrid: { seed: [1] } }, /^quickGrid\.seed\[0\]: must be one of the axis labels "1", "2"; got 1$/],
    [{ ...ok, seeds: [1, 2] }, /^grid\[0\]: sets 'seed', which 'seeds' already sets; drop one of them$/],
    [{ name: 's', base: {}, seeds: [] }, /^seeds: must be a non-empty array of distinct integers; got \[\]$/],
    [{ name: 's', base: {}, seeds: [1, 1] }, /^seeds: lists a seed twice: \[1,1\]$/],
    [{ name: 's', base: {}, seeds: [1.5] }, /^seeds\[0\]: must be an integer >= 0; got 1\.5$/],
    [{ name: 's', base: {}, seeds: [1], quick: { seed: 3 } }, /^quick\.seed: 'seeds' already sets the seed$/],
    [{ name: 's', base: {}, cost: { model: 'horowitz7nm' } }, /^cost\.model: unknown cost model "horowitz7nm"; known: horowitz45nm, qtools/],
    [{ name: 's', base: {}, cost: { phase: 'infer' } }, /^cost\.phase: must be one of training, inference; got "infer"$/],
    [{ name: 's', base: {}, cost: { batchSize: 0 } }, /^cost\.batchSize: must be an integer >= 1; got 0$/],
    [{ name: 's', base: {}, cost: { modle: 'qtools' } }, /^cost\.modle: unknown key; allowed: model, phase, batchSize$/],
  ])('rejects %j with the JSON path of the offending key', (spec, message) => {
    expect(() => validateStudySpec(spec)).toThrow(RangeError);
    expect(() => validateStudySpec(spec)).toThrow(message);
  });
});

describe('seeds and cost', () => {
  it('keeps seeds and fills the cost defaults', () => {
    const s = validateStudySpec({ name: 's', base: {}, seeds: [1, 2, 3], cost: { model: 'qtools', batchSize: 32 } });
    expect(s.seeds).toEqual([1, 2, 3]);
    expect(s.cost).toEqual({ model: 'qtools', phase: 'training', batchSize: 32 });
    expect(validateStudySpec({ name: 's', base: {}, cost: {} }).cost).toEqual({ model: 'horowitz45nm', phase: 'training' });
  });
});

describe('regression: grid path __proto__ pollutes Object.prototype (issue 11)', () => {
  it.each(['__proto__.x', 'a.constructor.prototype.x', 'policy.prototype', 'constructor'])('refuses the grid path %j and pollutes nothing', (path) => {
    expect(() => validateStudySpec(withGrid([{ path, values: [1] }]))).toThrow(/^grid\[0\]\.path: config path .*: key '(__proto__|constructor|prototype)' is not allowed/);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
  it.each(['$__proto__', '$constructor', '$prototype'])('refuses the variable %j', (path) => {
    expect(() => validateStudySpec(withGrid([{ path, values: [1] }]))).toThrow(/^grid\[0\]\.path: variable .* is not allowed/);
  });
  it('refuses reserved keys in quick paths and anywhere inside base, grid values and quick values', () => {
    expect(() => validateStudySpec({ ...ok, quick: { '__proto__.x': 1 } })).toThrow(/^quick\.__proto__\.x: config path "__proto__\.x": key '__proto__' is not allowed/);
    expect(() => validateStudySpec({ ...ok, base: JSON.parse('{"model": {"__proto__": {"x": 1}}}') })).toThrow(/^base\.model\.__proto__: key is not allowed/);
    expect(() => validateStudySpec(withGrid([{ path: 'model', values: [{ constructor: 1 }] }]))).toThrow(/^grid\[0\]\.values\[0\]\.constructor: key is not allowed/);
    expect(() => validateStudySpec({ ...ok, quick: { model: { prototype: 1 } } })).toThrow(/^quick\.model\.prototype: key is not allowed/);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('axisName', () => {
  it('derives readable names from paths and variables', () => {
    expect(axisName({ path: 'policy.default.weight.format' })).toBe('weight');
    expect(axisName({ path: 'policy.default.error.rounding' })).toBe('error-rounding');
    expect(axisName({ path: 'optimizer.lr' })).toBe('lr');
    expect(axisName({ path: 'model.hidden[0]' })).toBe('hidden');
    expect(axisName({ path: '$p' })).toBe('p');
    expect(axisName({ paths: ['$p', 'seed'] })).toBe('p+seed');
    expect(axisName({ name: 'given', path: 'seed' })).toBe('given');
  });
});
