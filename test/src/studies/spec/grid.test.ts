import { describe, expect, it } from 'vitest';
import { expandGrid } from '../../../../src/studies/spec/grid.js';
import { validateStudySpec } from '../../../../src/studies/spec/studySpec.js';

const spec = (extra: Record<string, unknown>) => validateStudySpec({ name: 'g', base: { seed: 0, policy: { default: { weight: { format: '{fmt}' } } } }, ...extra });

describe('expandGrid', () => {
  it('is the cartesian product, first axis slowest, with readable unique names', () => {
    const pts = expandGrid(spec({ grid: [{ path: '$fmt', name: 'weight', values: ['fixed(w=8,f=4)', 'float(e=4,m=3)'] }, { path: 'seed', values: [1, 2, 3] }] }));
    expect(pts.map((p) => p.name)).toEqual([
      'weight=fixed(w=8,f=4)__seed=1', 'weight=fixed(w=8,f=4)__seed=2', 'weight=fixed(w=8,f=4)__seed=3',
      'weight=float(e=4,m=3)__seed=1', 'weight=float(e=4,m=3)__seed=2', 'weight=float(e=4,m=3)__seed=3',
    ]);
    expect(pts[4]!.config).toEqual({ seed: 2, policy: { default: { weight: { format: 'float(e=4,m=3)' } } } });
    expect(pts[4]!.labels).toEqual({ weight: 'float(e=4,m=3)', seed: '2' });
    expect(pts.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('zips linked axes and expands nested templates (propagation × update bits)', () => {
    const s = validateStudySpec({
      name: 'z',
      base: { policy: { default: { activation: { format: '{prop}' }, update: { format: '{upd}' } } } },
      grid: [
        { name: 'format', paths: ['$prop', '$upd'], values: [['fixed(w={p},f={p-5})', 'fixed(w={u},f={u-5})'], ['dfixed(w={p})', 'dfixed(w={u})']], labels: ['fixed', 'dfixed'] },
        { path: '$p', values: [10, 12] },
        { path: '$u', values: [12] },
      ],
    });
    const pts = expandGrid(s);
    expect(pts.map((p) => p.name)).toEqual(['format=fixed__p=10__u=12', 'format=fixed__p=12__u=12', 'format=dfixed__p=10__u=12', 'format=dfixed__p=12__u=12']);
    expect(pts[1]!.config).toEqual({ policy: { default: { activation: { format: 'fixed(w=12,f=7)' }, update: { format: 'fixed(w=12,f=7)' } } } });
    expect(pts[2]!.vars).toEqual({ prop: 'dfixed(w={p})', upd: 'dfixed(w={u})', p: 10, u: 12 });
  });

  it('sets nested and indexed paths, creating missing objects, and applies quick overrides', () => {
    const s = validateStudySpec({ name: 'q', base: { model: { hidden: [100, 100] }, epochs: 10 }, grid: [{ path: 'model.hidden[1]', values: [7] }, { path: 'optimizer.lr', values: [0.1] }], quick: { epochs: 1, 'dataset.trainSize': 500 } });
    expect(expandGrid(s)[0]!.config).toEqual({ model: { hidden: [100, 7] }, epochs: 10, optimizer: { lr: 0.1 } });
    expect(expandGrid(s, { quick: true })[0]!.config).toEqual({ model: { hidden: [100, 7] }, epochs: 1, optimizer: { lr: 0.1 }, dataset: { trainSize: 500 } });
    expect(() => expandGrid(validateStudySpec({ name: 'n', base: {} }), { quick: true })).toThrow(/^quick: the study has no 'quick' section \(config path → value\) nor 'quickGrid', so --quick cannot shrink it$/);
  });

  it('traces a bad value back to the grid value that produced it', () => {
    const validateConfig = (c: Record<string, unknown>) => {
      const f = (c.policy as { default: { weight: { format: string } } }).default.weight.format;
      if (f.startsWith('bogus')) throw new RangeError(`config.policy.default.weight.format: unknown format ${f}`);
      if (c.seed === 13) throw new RangeError('config.seed: unlucky');
      if (c.extra) throw new RangeError('config.extra: unknown key');
    };
    const g = (values: unknown[]) => spec({ grid: [{ path: 'seed', values: [1] }, { path: '$fmt', values }] });
    expect(() => expandGrid(g(['fixed(w=8,f=4)', 'bogus(w=1)']), { validateConfig })).toThrow(
      /^base\.policy\.default\.weight\.format \(fmt from grid\[1\]\.values\[1\]\): unknown format bogus\(w=1\)$/,
    );
    expect(() => expandGrid(spec({ grid: [{ path: 'seed', values: [1, 13] }, { path: '$fmt', values: ['x'] }] }), { validateConfig })).toThrow(/^grid\[0\]\.values\[1\]: unlucky$/);
    expect(() => expandGrid(spec({ grid: [{ path: '$fmt', values: ['x'] }, { paths: ['seed', 'extra'], values: [[1, 2]] }] }), { validateConfig })).toThrow(/^grid\[1\]\.values\[0\]\[1\]: unknown key$/);
    expect(() => expandGrid(spec({ grid: [{ path: '$fmt', values: ['x'] }] }), { validateConfig: () => { throw new RangeError('no path here'); } })).toThrow(/^base: no path here$/);
  });

  it('names the string and the variables of a failing template', () => {
    expect(() => expandGrid(spec({ grid: [{ path: '$fmt', values: ['fixed(w={q})'] }] }))).toThrow(
      /^base\.policy\.default\.weight\.format \(fmt from grid\[0\]\.values\[0\]\): template \{q\}: unknown variable q; defined: fmt$/,
    );
    expect(() => expandGrid(spec({ grid: [{ path: '$other', values: [1] }] }))).toThrow(/^base\.policy\.default\.weight\.format: template \{fmt\}: unknown variable fmt; defined: other$/);
    expect(() => expandGrid(validateStudySpec({ name: 'x', base: { a: 1 }, grid: [{ path: 'a[0]', values: [1] }] }))).toThrow(/^grid\[0\]\.values\[0\]: a\[0\]: index 0 is out of range of the base config$/);
  });

  it('keeps only the quickGrid values with --quick, under the same names', () => {
    const s = validateStudySpec({ name: 'q', base: { seed: 0 }, grid: [{ path: 'seed', values: [1, 2, 3] }, { path: 'x', values: ['a', 'b'], labels: ['A', 'B'] }], quickGrid: { seed: ['3'], x: ['B'] } });
    expect(expandGrid(s).map((p) => p.name)).toHaveLength(6);
    const q = expandGrid(s, { quick: true });
    expect(q.map((p) => p.name)).toEqual(['seed=3__x=B']);
    expect(q[0]!.config).toEqual({ seed: 3, x: 'b' });
  });

  it('joins a union of grids (a baseline beside a product), with paths into the member grid in errors', () => {
    const s = validateStudySpec({
      name: 'u', base: { seed: 0, policy: { default: { weight: { format: '{fmt}' } } } },
      grid: [[{ name: 'format', path: '$fmt', values: ['float32'] }], [{ name: 'format', path: '$fmt', values: ['fixed(w={p},f={p-4})'], labels: ['fixed'] }, { path: '$p', values: [8, 12] }]],
      quickGrid: { p: ['8'] },
    });
    expect(expandGrid(s).map((p) => [p.index, p.name])).toEqual([[0, 'format=float32'], [1, 'format=fixed__p=8'], [2, 'format=fixed__p=12']]);
    expect(expandGrid(s)[2]!.config.policy).toEqual({ default: { weight: { format: 'fixed(w=12,f=8)' } } });
    expect(expandGrid(s, { quick: true }).map((p) => p.name)).toEqual(['format=float32', 'format=fixed__p=8']);
    const validateConfig = (c: Record<string, unknown>) => {
      if (JSON.stringify(c).includes('f=8')) throw new RangeError('config.policy.default.weight.format: no f=8 here');
    };
    expect(() => expandGrid(s, { validateConfig })).toThrow(/^base\.policy\.default\.weight\.format \(fmt from grid\[1\]\[0\]\.values\[0\], p from grid\[1\]\[1\]\.values\[1\]\): no f=8 here$/);
  });

  it('has one point named base when the grid is empty', () => {
    const pts = expandGrid(validateStudySpec({ name: 'one', base: { seed: 3 } }));
    expect(pts).toHaveLength(1);
    expect(pts[0]!.name).toBe('base');
    expect(pts[0]!.config).toEqual({ seed: 3 });
  });

  it('runs every point once per seed with seeds: [...], seeds fastest, replicates sharing their point', () => {
    const s = spec({ seeds: [1, 2, 3], grid: [{ path: '$fmt', name: 'weight', values: ['fixed(w=8,f=4)', 'float(e=4,m=3)'], labels: ['fixed', 'float'] }] });
    const pts = expandGrid(s);
    expect(pts.map((p) => p.name)).toEqual(['weight=fixed__seed=1', 'weight=fixed__seed=2', 'weight=fixed__seed=3', 'weight=float__seed=1', 'weight=float__seed=2', 'weight=float__seed=3']);
    expect(pts.map((p) => p.point)).toEqual(['weight=fixed', 'weight=fixed', 'weight=fixed', 'weight=float', 'weight=float', 'weight=float']);
    expect(pts.map((p) => p.seed)).toEqual([1, 2, 3, 1, 2, 3]);
    expect(pts[4]!.config).toEqual({ seed: 2, policy: { default: { weight: { format: 'float(e=4,m=3)' } } } });
    expect(pts[4]!.labels).toEqual({ weight: 'float', seed: '2' });
    expect(pts.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5]);
    const one = expandGrid(validateStudySpec({ name: 'o', base: { seed: 0 }, seeds: [5, 6] }));
    expect(one.map((p) => [p.name, p.point])).toEqual([['seed=5', 'base'], ['seed=6', 'base']]);
    const validateConfig = (c: Record<string, unknown>) => {
      if (c.seed === 6) throw new RangeError('config.seed: unlucky');
    };
    expect(() => expandGrid(validateStudySpec({ name: 'o', base: { seed: 0 }, seeds: [5, 6] }), { validateConfig })).toThrow(/^seeds\[1\]: unlucky$/);
  });

  it('treats an axis over seed as replicates of one point', () => {
    const pts = expandGrid(spec({ grid: [{ path: '$fmt', name: 'weight', values: ['a', 'b'] }, { path: 'seed', values: [1, 2] }] }));
    expect(pts.map((p) => p.point)).toEqual(['weight=a', 'weight=a', 'weight=b', 'weight=b']);
    expect(pts.map((p) => p.seed)).toEqual([1, 2, 1, 2]);
  });

  it('regression: a 10^8-point grid crashes the runner (issue 11): it is refused before expansion', () => {
    const big = Array.from({ length: 10_000 }, (_, i) => i);
    const s = validateStudySpec({ name: 'big', base: {}, grid: [{ path: 'a', values: big }, { path: 'b', values: big }] });
    const t0 = performance.now();
    expect(() => expandGrid(s)).toThrow(/^grid: 100000000 runs \(points × seeds\) exceed the limit of 100000; raise it with --max-points N \(CLI\) or maxPoints \(API\)/);
    expect(performance.now() - t0).toBeLessThan(1000);
    const seeded = validateStudySpec({ name: 's', base: {}, seeds: [1, 2, 3], grid: [{ path: 'a', values: [1, 2] }] });
    expect(() => expandGrid(seeded, { maxPoints: 5 })).toThrow(/^grid: 6 runs \(points × seeds\) exceed the limit of 5;/);
    expect(expandGrid(seeded, { maxPoints: 6 })).toHaveLength(6);
    expect(() => expandGrid(seeded, { maxPoints: 0 })).toThrow(/^maxPoints: must be an integer >= 1; got 0$/);
  });
});
