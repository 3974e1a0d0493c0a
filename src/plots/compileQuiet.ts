/**
 * A vega-lite compile with every warning captured instead of printed. It loads vega-lite (about 0.3 s) when this
 * module is imported, so library code reaches it through `renderSvg`, which imports it on first use.
 */
import { compile, type TopLevelSpec } from 'vega-lite';
import type * as vega from 'vega';

/**
 * @throws Error when vega-lite reports an error.
 * @example expect(compileQuiet(errorVsBitsSpec(rows)).warnings).toEqual([])
 */
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
