import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/index.js';
import { registerShiftLayers } from '../../../src/shift/index.js';
import { SAL_VARIANTS, salNet, salNetCounts, type SalNetSpec } from '../../../experiments/sal/salModels.js';
import { trainSal } from '../../../experiments/sal/trainSal.js';
import { salPlotRows, salTradeoffSpec } from '../../../experiments/sal/plots.js';
import { loadTensorDataset } from '../../../experiments/bitpruning/splitTensors.js';
import { compileQuiet } from '../../../src/plots/compileQuiet.js';
import { SAL_COST_FORMS, salCostRow } from '../../../experiments/sal/salCost.js';

// wasm with lowbit's kernels: the cpu backend trains convolutions far too slowly for a smoke test
beforeAll(async () => {
  await initBackend('wasm');
  registerShiftLayers();
});

const spec = (variant: SalNetSpec['variant']): SalNetSpec => ({ variant, filters: [4, 6, 8], tau0: 20, tauFinal: 70, totalIters: 4, seed: 1 });

describe('SAL study (shrunk)', () => {
  it('counts the default net by hand: 29,066 parameters and 1,924,992 MACs for the conv variant', () => {
    const s = { ...spec('conv'), filters: [16, 32, 64] as [number, number, number] };
    expect(salNetCounts(s, 'inference')).toMatchObject({ params32: 160 + 4640 + 18496 + 5770, macs: 112896 + 903168 + 903168 + 5760, shiftMoves: 0 });
    const sal = salNetCounts({ ...s, variant: 'sal' }, 'inference', { x2: 9, x3: 9 });
    // x2: 16·32·(1 + 4/32) + 32 bias; x3: 32·64·(1 + 4/32) + 64 bias
    expect(sal.layers.x2!.params32).toBe(16 * 32 * 36 / 32 + 32);
    expect(sal.layers.x3!.params32).toBe(32 * 64 * 36 / 32 + 64);
    expect(sal.macs).toBe(112896 + 14 * 14 * 32 * 16 + 7 * 7 * 64 * 32 + 5760);
  });

  it('trains every variant one short epoch; SALs end rounded with their taps counted', async () => {
    const ds = loadTensorDataset({ name: 'synthetic', trainSize: 40, testSize: 20, seed: 3 }, 'image');
    const rows = [];
    for (const variant of SAL_VARIANTS) {
      const model = salNet(spec(variant));
      const r = await trainSal(model, ds.train, ds.test, { epochs: 1, batchSize: 10, lr: 1e-3, seed: 1 });
      expect(r.steps).toBe(4);
      expect(r.history).toHaveLength(1);
      expect(Number.isFinite(r.history[0]!.loss)).toBe(true);
      if (variant === 'sal' || variant === 'salShared') {
        expect(Object.keys(r.rounding!)).toEqual(['x2', 'x3']);
        expect(r.accuracyRounded).toBeGreaterThanOrEqual(0);
        expect(r.distinctTaps!.x2).toBeGreaterThan(0);
      } else {
        expect(r.rounding).toBeUndefined();
      }
      rows.push({ variant, ...r, training: salNetCounts(spec(variant), 'training'), inference: salNetCounts(spec(variant), 'inference', r.distinctTaps ?? {}) });
      model.dispose();
    }
    const plotRows = salPlotRows(rows);
    expect(plotRows.map((p) => `${p.variant}/${p.stage}`)).toEqual(['conv/trained', 'shift/trained', 'sal/trained', 'sal/rounded', 'salShared/trained', 'salShared/rounded']);
    expect(compileQuiet(salTradeoffSpec(plotRows, { title: 't' })).warnings).toEqual([]);
    ds.dispose();
  });

  it('cost table: the cost model counts what shiftLayerCounts counts, for all four forms', () => {
    const s = { ...spec('conv'), filters: [16, 32, 64] as [number, number, number] };
    for (const f of SAL_COST_FORMS) {
      // Arrange: the independent count (shiftLayerCounts, all 9 taps in use for unshared rounded SALs)
      const want = salNetCounts({ ...s, variant: f.variant }, f.rounded || f.variant === 'conv' || f.variant === 'shift' ? 'inference' : 'training', { x2: 9, x3: 9 });
      // Act
      const { row, report } = salCostRow(f);
      // Assert
      expect(row.macs).toBe(want.macs);
      expect(row.flops).toBe(2 * want.macs);
      expect(row.params32).toBe(want.params32);
      expect(row.indexBits).toBe(want.indexBits);
      expect(row.shiftMoves).toBe(want.shiftMoves);
      expect(row.energyPj.horowitz45nm).toBe(report.totals.energyPj);
    }
    // rounding removes the k² MACs and adds moves and index memory; the shift layer costs least energy
    const e = Object.fromEntries(SAL_COST_FORMS.map((f) => [f.form, salCostRow(f).row.energyPj.horowitz45nm]));
    expect(e['sal-rounded']!).toBeLessThan(e['sal-soft']! / 4);
    expect(e['shift']!).toBeLessThanOrEqual(e['sal-rounded']!);
  });
});
