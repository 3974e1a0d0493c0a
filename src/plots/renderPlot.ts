/**
 * The one plot renderer of lowbit (study reports, `lowbit cost --plot`, the experiments' figures): compile a
 * vega-lite spec (warnings are errors), vega to SVG with no renderer (no canvas: vega estimates text widths, hence
 * the plots' label limits of 0), then @resvg/resvg-js to PNG at 2× with the system fonts (DejaVu Sans on Debian)
 * on a white background. vega, vega-lite and resvg load on first use, so importing the library stays light.
 */
import { createRequire } from 'node:module';
import type { TopLevelSpec } from 'vega-lite';
import { atomicWrite } from '../io/atomicWrite.js';

/**
 * Draws a vega-lite spec as SVG text (vega's headless renderer, no canvas).
 * @throws Error when vega-lite reports an error or any warning (every plot lowbit draws must compile cleanly).
 * @example const svg = await renderSvg(errorVsBitsSpec(rows));
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [{ compileQuiet }, vega] = await Promise.all([import('./compileQuiet.js'), import('vega')]);
  const { vgSpec, warnings } = compileQuiet(spec);
  if (warnings.length) throw new Error(`vega-lite warnings: ${warnings.join('; ')}`);
  const view = new vega.View(vega.parse(vgSpec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * SVG → PNG (2× zoom, white background, system fonts).
 * @example writeFileSync('plot.png', svgToPng(await renderSvg(spec)))
 */
export function svgToPng(svg: string): Buffer {
  const { Resvg } = createRequire(import.meta.url)('@resvg/resvg-js') as typeof import('@resvg/resvg-js');
  const r = new Resvg(svg, { fitTo: { mode: 'zoom', value: 2 }, background: 'white', font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } });
  return r.render().asPng();
}

/**
 * Renders a spec to an SVG or PNG file, chosen by the extension, written atomically.
 * @throws RangeError when the file does not end in .svg or .png.
 * @example await renderSpec(costPlotSpec(report), 'resnet18.png')
 */
export async function renderSpec(spec: TopLevelSpec, file: string): Promise<void> {
  const ext = /\.(svg|png)$/i.exec(file)?.[1]?.toLowerCase();
  if (!ext) throw new RangeError(`renderSpec: file must end in .svg or .png; got ${JSON.stringify(file)}`);
  const svg = await renderSvg(spec);
  atomicWrite(file, ext === 'svg' ? svg : svgToPng(svg));
}
