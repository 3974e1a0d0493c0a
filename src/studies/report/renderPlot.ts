/**
 * Renders a vega-lite spec headless: compile (warnings collected, not printed), vega to SVG with no renderer
 * (no canvas: vega estimates text widths, hence the plots' label limits of 0), then @resvg/resvg-js to PNG at
 * 2× with the system fonts (DejaVu Sans on Debian) on a white background.
 */
import { compile, type TopLevelSpec } from 'vega-lite';
import * as vega from 'vega';
import { Resvg } from '@resvg/resvg-js';

/** A vega-lite compile with every warning captured. */
export function compileQuiet(spec: TopLevelSpec): { vgSpec: vega.Spec; warnings: string[] } {
  const warnings: string[] = [];
  let lvl = 2;
  const logger = {
    level(l?: number): any {
      if (l === undefined) return lvl;
      lvl = l;
      return logger;
    },
    warn: (...a: unknown[]) => (warnings.push(a.map(String).join(' ')), logger),
    info: () => logger,
    debug: () => logger,
    error: (...a: unknown[]) => {
      throw new Error(`vega-lite: ${a.map(String).join(' ')}`);
    },
  };
  const out = compile(spec, { logger });
  return { vgSpec: out.spec as vega.Spec, warnings };
}

/**
 * @throws Error when vega-lite reports an error or any warning (every report spec must compile cleanly).
 * @example const svg = await renderSvg(errorVsBitsSpec(rows));
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const { vgSpec, warnings } = compileQuiet(spec);
  if (warnings.length) throw new Error(`vega-lite warnings: ${warnings.join('; ')}`);
  const view = new vega.View(vega.parse(vgSpec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** SVG → PNG (2× zoom, white background). */
export function svgToPng(svg: string): Buffer {
  const r = new Resvg(svg, { fitTo: { mode: 'zoom', value: 2 }, background: 'white', font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } });
  return r.render().asPng();
}
