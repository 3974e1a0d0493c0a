/**
 * The self-contained `report.html` of a study: the vega, vega-lite and vega-embed UMD bundles inlined from
 * node_modules (about 830 KB, no CDN), every plot spec with its data inlined and drawn by vega-embed as SVG, links
 * to the PNG/SVG/CSV files beside it, and a table of every run. It works offline, from file://.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TopLevelSpec } from 'vega-lite';
import type { PointRow, ResultRow } from '../store/studyResults.js';
import { formatEnergy } from '../../../cost-models/reportTable.js';

const BUNDLES = [
  ['vega', 'build/vega.min.js'],
  ['vega-lite', 'build/vega-lite.min.js'],
  ['vega-embed', 'build/vega-embed.min.js'],
] as const;

/** Finds `node_modules/<pkg>/<file>` from this file upward (the packages do not export their bundles). */
function bundlePath(pkg: string, file: string): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const p = join(dir, 'node_modules', pkg, file);
    if (existsSync(p)) return p;
    if (dirname(dir) === dir) throw new Error(`report: cannot find node_modules/${pkg}/${file}; run npm ci`);
  }
}

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** Text that is safe inside a <script> element. */
const scriptSafe = (s: string): string => s.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');

export interface ReportPlot {
  id: string;
  title: string;
  spec: TopLevelSpec;
}

export interface ReportHtmlInput {
  title: string;
  description?: string;
  summary: string;
  plots: ReportPlot[];
  rows: ResultRow[];
  points: PointRow[];
  /** The cost model the energies come from, e.g. `horowitz45nm, training`. */
  costModel: string;
  generatedAt: string;
}

const fmt = (x: number | null, digits: number): string => (x === null ? '' : x.toFixed(digits));
const energy = (pj: number | null): string => (pj === null ? '' : formatEnergy(pj));
/** Bits as bytes with an SI prefix and 3 significant digits (`1.23 MB`), as the CLI prints sizes. */
export function formatBytes(bits: number | null): string {
  if (bits === null) return '';
  const b = bits / 8;
  const [scale, unit] = ([[1e9, 'GB'], [1e6, 'MB'], [1e3, 'kB'], [1, 'B']] as const).find(([s]) => Math.abs(b) >= s) ?? [1, 'B'];
  return `${(b / scale).toPrecision(3)} ${unit}`;
}

function htmlTable(head: string[], body: { cls: string; cells: string[] }[]): string {
  const rows = body.map((r) => `<tr class="${esc(r.cls)}">${r.cells.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`);
  return `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

/** One row per grid point: mean ± sd of the test error over its ok replicates. */
function pointsTable(points: PointRow[], costModel: string): string {
  const head = ['point', 'status', 'format', 'bits', 'test error (%), mean ± sd', 'ok / runs', `energy per example (${costModel})`, 'memory', 'Pareto (energy)'];
  return htmlTable(head, points.map((p) => ({
    cls: p.status,
    cells: [p.point, p.status, p.family, p.bits === null ? '' : String(p.bits), p.meanErrorPct === null ? '' : `${p.meanErrorPct.toFixed(2)} ± ${p.sdErrorPct!.toFixed(2)}`, `${p.ok} / ${p.runs}`, energy(p.energyPj), formatBytes(p.memoryBits), p.paretoEnergy ? 'yes' : ''],
  })));
}

function runsTable(rows: ResultRow[]): string {
  const head = ['run', 'status', 'format', 'bits', 'seed', 'test error (%)', 'energy', 'memory', 'epochs', 'seconds', 'note'];
  return htmlTable(head, rows.map((r) => ({
    cls: r.status,
    cells: [r.name, r.status, r.family, r.bits === null ? '' : String(r.bits), r.seed === null ? '' : String(r.seed), fmt(r.testErrorPct, 2), energy(r.energyPj), formatBytes(r.memoryBits), String(r.epochs), fmt(r.seconds, 1), r.error ? r.error.split('\n')[0]!.slice(0, 160) : ''],
  })));
}

/**
 * Builds the HTML text. Each chart container is `<div class="chart" data-plot=ID>`; after drawing it gets
 * `data-rendered="true"` (or `data-error`), which the headless-browser test reads.
 */
export function reportHtml(input: ReportHtmlInput): string {
  const scripts = BUNDLES.map(([pkg, file]) => `<script>/* ${pkg} */\n${scriptSafe(readFileSync(bundlePath(pkg, file), 'utf8'))}\n</script>`).join('\n');
  const charts = input.plots
    .map(
      (p) => `<section><h2>${esc(p.title)}</h2><div class="chart" id="chart-${esc(p.id)}" data-plot="${esc(p.id)}"></div>
<p class="files">files: <a href="plots/${esc(p.id)}.svg">SVG</a> · <a href="plots/${esc(p.id)}.png">PNG</a></p></section>`,
    )
    .join('\n');
  const specs = JSON.stringify(Object.fromEntries(input.plots.map((p) => [p.id, p.spec])));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(input.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body { font-family: 'DejaVu Sans', Verdana, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; font-size: 13px; } td, th { border: 1px solid #ccc; padding: 3px 6px; text-align: left; }
tr.failed td { background: #fde8e8; } tr.diverged td { background: #fff4dc; } tr.running td { color: #888; }
.chart { margin: 1em 0; } .files { font-size: 12px; color: #666; }
</style>
${scripts}
</head><body>
<h1>${esc(input.title)}</h1>
${input.description ? `<p>${esc(input.description)}</p>` : ''}
<p>${esc(input.summary)} · energies from the cost model ${esc(input.costModel)} · generated ${esc(input.generatedAt)} · <a href="results.csv">results.csv</a> (runs) · <a href="results-aggregated.csv">results-aggregated.csv</a> (points)</p>
${charts}
<section><h2>Grid points (mean over seeds)</h2>${pointsTable(input.points, input.costModel)}</section>
<section><h2>All runs</h2>${runsTable(input.rows)}</section>
<script>
const SPECS = ${scriptSafe(specs)};
for (const el of document.querySelectorAll('.chart')) {
  vegaEmbed(el, SPECS[el.dataset.plot], { renderer: 'svg', actions: false })
    .then(() => { el.dataset.rendered = 'true'; })
    .catch((e) => { el.dataset.error = String(e); el.textContent = 'could not draw this plot: ' + e; });
}
</script>
</body></html>
`;
}
