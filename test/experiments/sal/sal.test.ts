import { beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend, runTraining, validateTrainConfig } from '../../../src/index.js';
import { shiftLayerCounts, type ShiftLayerKind } from '../../../src/shift/index.js';
import { salPlotRows, salTradeoffSpec } from '../../../experiments/sal/plots.js';
import { compileQuiet } from '../../../src/plots/compileQuiet.js';
import { SAL_COST_FORMS, SAL_VARIANTS, salConfig, salCostRow, type SalVariant } from '../../../experiments/sal/salCost.js';
import { salRuns, type SalRunRow } from '../../../experiments/sal/salRuns.js';
import { loadStudySpec } from '../../../src/studies/spec/loadStudySpec.js';
import { expandGrid } from '../../../src/studies/spec/grid.js';
import { validateConfig } from '../../../src/studies/trial/trainTrial.js';

// wasm with lowbit's kernels: the cpu backend trains convolutions far too slowly for a smoke test
beforeAll(async () => {
  await initBackend('wasm');
});

/** The study net counted independently, layer by layer, with `shiftLayerCounts` (plus the 3·3·64 → 10 dense layer). */
function handCount(variant: SalVariant, rounded: boolean) {
  const kind: ShiftLayerKind = variant === 'conv' ? 'conv' : variant === 'shift' ? 'shift' : rounded ? 'salRounded' : 'salTraining';
  const shared = variant === 'salShared';
  const layers = [
    shiftLayerCounts({ kind: 'conv', cIn: 1, cOut: 16, k: 3, hIn: 28, wIn: 28, hOut: 28, wOut: 28, useBias: true }),
    shiftLayerCounts({ kind, cIn: 16, cOut: 32, k: 3, hIn: 14, wIn: 14, hOut: 14, wOut: 14, useBias: true, shared }),
    shiftLayerCounts({ kind, cIn: 32, cOut: 64, k: 3, hIn: 7, wIn: 7, hOut: 7, wOut: 7, useBias: true, shared }),
  ];
  const sum = (k: 'params32' | 'indexBits' | 'macs' | 'shiftMoves') => layers.reduce((s, l) => s + l[k], 0);
  return { params32: sum('params32') + 5770, indexBits: sum('indexBits'), macs: sum('macs') + 5760, shiftMoves: sum('shiftMoves') };
}

describe('SAL study (shrunk)', () => {
  it('counts the default net by hand: 29,066 parameters and 1,924,992 MACs for the conv variant', () => {
    expect(handCount('conv', false)).toMatchObject({ params32: 160 + 4640 + 18496 + 5770, macs: 112896 + 903168 + 903168 + 5760, shiftMoves: 0 });
    // x2: 16·32·(1 + 4/32) + 32 bias; x3: 32·64·(1 + 4/32) + 64 bias
    expect(handCount('sal', true).params32).toBe(160 + (16 * 32 * 36) / 32 + 32 + (32 * 64 * 36) / 32 + 64 + 5770);
  });

  it('cost table: the cost model counts what shiftLayerCounts counts, for all four forms', () => {
    for (const f of SAL_COST_FORMS) {
      // Arrange: the independent count (all 9 taps in use for unshared rounded SALs)
      const want = handCount(f.variant, f.rounded);
      // Act
      const { row, report } = salCostRow(f);
      // Assert
      expect([row.macs, row.flops, row.params32, row.indexBits, row.shiftMoves], f.form).toEqual([want.macs, 2 * want.macs, want.params32, want.indexBits, want.shiftMoves]);
      expect(row.energyPj.horowitz45nm).toBe(report.totals.energyPj);
    }
    // rounding removes the k² MACs and adds moves and index memory; the shift layer costs least energy
    const e = Object.fromEntries(SAL_COST_FORMS.map((f) => [f.form, salCostRow(f).row.energyPj.horowitz45nm]));
    expect(e['sal-rounded']!).toBeLessThan(e['sal-soft']! / 4);
    expect(e['shift']!).toBeLessThanOrEqual(e['sal-rounded']!);
  });

  it('the study spec runs the four configs (and the τ0 = 0.5 SALs) through lowbit train', () => {
    const spec = loadStudySpec(new URL('../../../experiments/sal/sal-study.json', import.meta.url).pathname);
    const points = expandGrid(spec, { validateConfig });
    expect(points.map((p) => p.name)).toEqual(['layer=conv', 'layer=shift', 'layer=sal', 'layer=salShared', 'layer=sal__tau0=0.5', 'layer=salShared__tau0=0.5']);
    for (const v of SAL_VARIANTS) expect(validateTrainConfig(points[SAL_VARIANTS.indexOf(v)]!.config)).toEqual({ ...salConfig(v), name: 'sal-conv' });
  });

  it('trains every variant one short epoch through lowbit\'s loop; SALs end rounded; the rows and plot come from run.json', async () => {
    const study = mkdtempSync(join(tmpdir(), 'lowbit-sal-'));
    for (const variant of SAL_VARIANTS) {
      const c = salConfig(variant);
      const cfg = validateTrainConfig({ ...c, dataset: { name: 'synthetic', trainSize: 40, testSize: 20, seed: 3 }, epochs: 1, batchSize: 10 });
      const { record, model } = await runTraining(cfg);
      expect(record.status).toBe('ok');
      expect(record.epochs).toHaveLength(1);
      if (variant === 'sal' || variant === 'salShared') {
        expect(Object.keys(record.sal!.rounding)).toEqual(['conv_2', 'conv_3']);
        // the rounding criterion is measured on every SAL run: accuracy before and after rounding
        expect(record.sal!.testErrorBeforeRounding).toBe(record.final.testError);
      } else {
        expect(record.sal).toBeUndefined();
      }
      mkdirSync(join(study, 'runs', `layer=${variant}`), { recursive: true });
      writeFileSync(join(study, 'runs', `layer=${variant}`, 'run.json'), JSON.stringify(record));
      model!.dispose();
    }
    const runs = salRuns(study);
    expect(runs.map((r) => r.variant)).toEqual(['conv', 'shift', 'sal', 'salShared']);
    const plotRows = salPlotRows(runs);
    expect(plotRows.map((p) => `${p.variant}/${p.stage}`)).toEqual(['conv/trained', 'shift/trained', 'sal/trained', 'sal/rounded', 'salShared/trained', 'salShared/rounded']);
    expect(compileQuiet(salTradeoffSpec(plotRows, { title: 't' })).warnings).toEqual([]);
  });

  it('the published rerun through lowbit study (results/sal-runs.json) meets the rounding criterion: every SAL within 0.5 points after rounding (issue 12)', () => {
    const rows = JSON.parse(readFileSync(new URL('../../../experiments/sal/results/sal-runs.json', import.meta.url), 'utf8')) as SalRunRow[];
    expect(rows.map((r) => `${r.run} ${r.status}`)).toEqual(['layer=conv', 'layer=shift', 'layer=sal', 'layer=salShared', 'layer=sal__tau0=0.5', 'layer=salShared__tau0=0.5'].map((n) => `${n} ok`));
    const sals = rows.filter((r) => r.variant === 'sal' || r.variant === 'salShared');
    expect(sals).toHaveLength(4);
    for (const r of sals) expect(Math.abs(r.accuracyRounded! - r.accuracy), r.run).toBeLessThanOrEqual(0.005 + 1e-12);
    // the README's table shows these figures
    const readme = readFileSync(new URL('../../../experiments/sal/README.md', import.meta.url), 'utf8');
    for (const r of sals) expect(readme).toContain(`| ${(100 * r.accuracy).toFixed(2)} % | ${(100 * r.accuracyRounded!).toFixed(2)} % |`);
  });
});
