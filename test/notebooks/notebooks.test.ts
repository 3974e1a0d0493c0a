import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIR = fileURLToPath(new URL('../../notebooks/', import.meta.url));
const NOTEBOOKS = readdirSync(DIR).filter((f) => f.endsWith('.ipynb')).sort();

interface Cell {
  cell_type: string;
  source: string[];
  outputs?: unknown[];
  execution_count?: number | null;
}

/** Import specifiers of a code cell's source. */
const importsOf = (src: string): string[] => [...src.matchAll(/^\s*import\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]!);

describe('notebooks/ (executed by npm run notebooks in CI; these checks are static)', () => {
  it('are the six tutorials, numbered, each listed in notebooks/README.md', () => {
    expect(NOTEBOOKS.map((f) => f.slice(0, 3))).toEqual(['01-', '02-', '03-', '04-', '05-', '06-']);
    const readme = readFileSync(join(DIR, 'README.md'), 'utf8');
    for (const f of NOTEBOOKS) expect(readme, f).toContain(`(${f})`);
  });

  for (const f of NOTEBOOKS) {
    it(`${f}: committed without outputs, for the Deno kernel, importing lowbit's public entries only`, () => {
      const nb = JSON.parse(readFileSync(join(DIR, f), 'utf8')) as { nbformat: number; metadata: { kernelspec: { name: string } }; cells: Cell[] };
      expect(nb.nbformat).toBe(4);
      expect(nb.metadata.kernelspec.name).toBe('deno');
      const code = nb.cells.filter((c) => c.cell_type === 'code');
      expect(code.length).toBeGreaterThan(2);
      for (const c of code) {
        expect(c.outputs, c.source.join('')).toEqual([]);
        expect(c.execution_count).toBeNull();
      }
      const imports = code.flatMap((c) => importsOf(c.source.join('')));
      expect(imports.filter((s) => !/^(lowbit(\/(simulators|cost|methods|xnor|shift|bitpruning|studies|testing))?|node:[a-z/]+|@tensorflow\/tfjs)$/.test(s))).toEqual([]);
      expect(imports.some((s) => s.startsWith('lowbit'))).toBe(true);
    });
  }
});
