import type { CostFigures, CostReport } from './costReport.js';
import { ENERGY_CATEGORIES } from './priceTrace.js';
import { csvText } from './csv.js';

const HEADERS = ['layer', 'class', 'MACs', 'params', 'weight bits', 'weight bytes', 'act. bits', 'compute', 'memory', 'energy'];
const SHIFT_HEADERS = ['shift moves', 'index bits'];

/** Shift columns appear only when the model has shift moves or index tables, so other reports stay as they were. */
function hasShift(report: CostReport): boolean {
  return report.totals.shiftMoves > 0 || report.totals.indexBits > 0;
}

/**
 * The human-readable report: a header naming the model, phase and cost model, one row per layer, a totals row,
 * and the energy split by category. Models with shift layers get two more columns after `params`: shift moves and
 * index bits (`CostFigures.shiftMoves`, `indexBits`). Counts are exact integers with thousands separators; energies use an SI
 * prefix on joules with 3 significant digits (1 pJ = 1e-12 J).
 * @example console.log(formatCostTable(costReport(trace, horowitz45nm)))
 */
export function formatCostTable(report: CostReport): string {
  const shift = hasShift(report);
  const headers = shift ? [...HEADERS.slice(0, 4), ...SHIFT_HEADERS, ...HEADERS.slice(4)] : HEADERS;
  const rows = report.layers.map((l) => [l.name, l.className, ...cells(l, shift)]);
  const total = ['TOTAL', '', ...cells(report.totals, shift)];
  const widths = headers.map((h, i) => Math.max(h.length, ...[...rows, total].map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const t = report.totals;
  const split = ENERGY_CATEGORIES.filter((c) => t.energyPjByCategory[c] > 0)
    .map((c) => `${c} ${formatEnergy(t.energyPjByCategory[c])} (${percent(t.energyPjByCategory[c], t.energyPj)})`)
    .join(', ');
  const out = [
    `model ${report.model}, phase ${report.phase}${report.phase === 'training' ? ` (per example, batch ${report.batchSize})` : ''}, cost model ${report.costModel.id}, `
      + (report.formats === 'what-if policy' ? 'formats: WHAT-IF policy overriding the model\'s own' : 'formats: the model\'s own'),
    '',
    line(headers),
    rule,
    ...rows.map(line),
    rule,
    line(total),
    '',
    `energy by category: ${split || 'none'}`,
  ];
  const unpriced = Object.entries(report.unpriced);
  if (unpriced.length) out.push(`not priced: ${unpriced.map(([op, n]) => `${formatCount(n)} ${op}`).join(', ')}`);
  return out.join('\n') + '\n';
}

/**
 * The same report as CSV: one row per layer and a TOTAL row, raw numbers (energies in pJ). Models with shift moves
 * or index tables get two more columns at the end, `shiftMoves` and `indexBits`.
 * @example
 * writeFileSync('lenet5.csv', formatCostCsv(costReport(profileModel(zooModel('lenet5')), horowitz45nm)))
 */
export function formatCostCsv(report: CostReport): string {
  const shift = hasShift(report);
  const head = ['layer', 'class', 'macs', 'params', 'weightBits', 'weightBytes', 'activations', 'activationBits', 'computePj', 'memoryPj', 'energyPj', ...ENERGY_CATEGORIES.map((c) => `${c}Pj`), ...(shift ? ['shiftMoves', 'indexBits'] : [])];
  const row = (name: string, cls: string, f: CostFigures) =>
    [name, cls, f.macs, f.params, f.weightBits, f.weightBytes, f.activations, f.activationBits, f.computePj, f.memoryPj, f.energyPj, ...ENERGY_CATEGORIES.map((c) => f.energyPjByCategory[c]), ...(shift ? [f.shiftMoves, f.indexBits] : [])];
  return csvText(head, [...report.layers.map((l) => row(l.name, l.className, l)), row('TOTAL', '', report.totals)]);
}

function cells(f: CostFigures, shift: boolean): string[] {
  const counts = shift ? [f.macs, f.params, f.shiftMoves, f.indexBits, f.weightBits, f.weightBytes, f.activationBits] : [f.macs, f.params, f.weightBits, f.weightBytes, f.activationBits];
  return counts.map(formatCount).concat([f.computePj, f.memoryPj, f.energyPj].map(formatEnergy));
}

/** An integer with thousands separators (`1,234,567`). */
export function formatCount(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

const PREFIXES: Array<[number, string]> = [[1e12, 'J'], [1e9, 'mJ'], [1e6, 'µJ'], [1e3, 'nJ'], [1, 'pJ'], [1e-3, 'fJ']];

/** Energy given in pJ, printed with an SI prefix and 3 significant digits (`8.31 mJ`, `0 J`). */
export function formatEnergy(pj: number): string {
  if (pj === 0) return '0 J';
  const [scale, unit] = PREFIXES.find(([s]) => Math.abs(pj) >= s) ?? PREFIXES[PREFIXES.length - 1]!;
  return `${(pj / scale).toPrecision(3)} ${unit}`;
}

function percent(x: number, total: number): string {
  return `${((100 * x) / total).toFixed(1)} %`;
}
