import { writeFileSync } from 'node:fs';
import type { TopLevelSpec } from 'vega-lite';

/**
 * Renders a vega-lite spec to an SVG or PNG file (by extension), offline: vega's headless `View.toSVG`, then
 * @resvg/resvg-js for PNG. vega and vega-lite are loaded on first use (ESM, about a second).
 * @throws RangeError when the file does not end in .svg or .png.
 * @example await renderSpec(costPlotSpec(report), 'resnet18.png')
 */
export async function renderSpec(spec: TopLevelSpec, file: string): Promise<void> {
  const ext = /\.(svg|png)$/i.exec(file)?.[1]?.toLowerCase();
  if (!ext) throw new RangeError(`renderSpec: file must end in .svg or .png; got ${JSON.stringify(file)}`);
  const [{ compile }, vega] = await Promise.all([import('vega-lite'), import('vega')]);
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  if (ext === 'svg') {
    writeFileSync(file, svg);
    return;
  }
  const { Resvg } = await import('@resvg/resvg-js');
  writeFileSync(file, new Resvg(svg, { background: 'white', fitTo: { mode: 'zoom', value: 2 } }).render().asPng());
}
