/**
 * The self-contained `report.html` of a study: the vega, vega-lite and vega-embed UMD bundles inlined from
 * node_modules (about 830 KB, no CDN), every plot spec with its data inlined and drawn by vega-embed as SVG, links
 * to the PNG/SVG/CSV files beside it, and a table of every run. It works offline, from file://.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TopLevelSpec } from 'vega-lite';
import type { ResultRow } from '../store/studyResults.js';

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
  generatedAt: string;
}

const fmt = (x: number | null, digits: number): string => (x === null ? '' : x.toFixed(digits));
const sci = (x: number | null): string => (x === null ? '' : x.toPrecision(4));

function table(rows: ResultRow[]): string {
  const head = ['run', 'status', 'format', 'bits', 'test error (%)', 'energy (pJ)', 'memory (bits)', 'epochs', 'seconds', 'note'];
  const body = rows.map((r) => {
    const note = r.error ? r.error.split('\n')[0]!.slice(0, 160) : '';
    const cells = [r.name, r.status, r.family, r.bits === null ? '' : String(r.bits), fmt(r.testErrorPct, 2), sci(r.energyPj), sci(r.memoryBits), String(r.epochs), fmt(r.seconds, 1), note];
    return `<tr class="${esc(r.status)}">${cells.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`;
  });
  return `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>\n${body.join('\n')}\n</tbody></table>`;
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
<p>${esc(input.summary)} · generated ${esc(input.generatedAt)} · <a href="results.csv">results.csv</a></p>
${charts}
<section><h2>All runs</h2>${table(input.rows)}</section>
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
