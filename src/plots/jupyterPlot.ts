import type { TopLevelSpec } from 'vega-lite';
import { renderSvg, svgToPng } from './renderPlot.js';

/**
 * The MIME bundle of a plot in a notebook: the vega-lite spec, its PNG drawing (base64) and a text fallback.
 * @example
 * (await jupyterPlot(spec)).bundle['image/png'] // the base64 PNG a static viewer shows
 */
export interface PlotMimeBundle {
  'application/vnd.vegalite.v5+json': TopLevelSpec;
  'image/png': string;
  'text/plain': string;
}

/** The key Deno's Jupyter kernel looks for on the value of a cell: a method returning the MIME bundle to show. */
const JUPYTER_DISPLAY = Symbol.for('Jupyter.display');

/**
 * A plot that shows itself inline in a Jupyter notebook (Deno kernel).
 * @example
 * const plot: JupyterPlot = await jupyterPlot(costPlotSpec(report));
 * plot // as the last expression of a Deno notebook cell: shown inline
 */
export interface JupyterPlot {
  /** What the notebook stores: the spec for live front-ends, the PNG for static ones (nbconvert HTML, GitHub). */
  readonly bundle: PlotMimeBundle;
  /** What Deno's kernel calls to show the plot: the MIME bundle. */
  [JUPYTER_DISPLAY](): PlotMimeBundle;
}

/**
 * A vega-lite plot for a notebook: as the last expression of a cell in Deno's Jupyter kernel it shows inline,
 * as vega-lite where the front-end renders it (JupyterLab, VS Code) and as a PNG drawn by the same renderer as
 * lowbit's reports elsewhere (the HTML that `jupyter nbconvert` writes, GitHub's notebook view). PNG rather than SVG
 * because nbconvert's HTML export sanitizes inline SVG down to its text. The spec goes under the vega-lite v5 MIME
 * type, the one those front-ends register; lowbit's specs use no v6-only feature.
 * Not modelled: interactive selections (the PNG is static).
 * @throws Error when vega-lite reports an error or a warning for the spec (as `renderSvg`).
 * @example
 * // in a notebook cell
 * await jupyterPlot({ mark: 'line', data: { values: [{ x: 1, y: 2 }, { x: 2, y: 3 }] }, encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } });
 */
export async function jupyterPlot(spec: TopLevelSpec): Promise<JupyterPlot> {
  const svg = await renderSvg(spec);
  const title = typeof spec.title === 'string' ? spec.title : spec.title && 'text' in spec.title ? String(spec.title.text) : 'vega-lite plot';
  const bundle: PlotMimeBundle = { 'application/vnd.vegalite.v5+json': spec, 'image/png': svgToPng(svg).toString('base64'), 'text/plain': `[plot] ${title}` };
  return { bundle, [JUPYTER_DISPLAY]: () => bundle };
}
