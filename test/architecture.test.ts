import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The import direction simulators ← cost-models ← src ← experiments ← notebooks (../shared/STYLE.md §1): reads every
 * source file's import specifiers and fails on a forbidden edge, with no exception: the library (the CLI included)
 * never imports experiments; experiments may import src only through the public entries (package.json exports).
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The package's public entries (package.json `exports`, mapped from their declarations back to the sources). */
const PUBLIC_ENTRIES = new Set(
  Object.values(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).exports as Record<string, string | { types: string }>)
    .filter((t): t is { types: string } => typeof t !== 'string')
    .map((t) => t.types.replace(/^\.\/dist\/types\//, '').replace(/\.d\.ts$/, '.ts')),
);
const LAYER: Record<string, number> = { simulators: 0, 'cost-models': 1, src: 2, experiments: 3, notebooks: 4 };

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else if (/\.(ts|mts)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const re = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  const out: string[] = [];
  for (const m of text.matchAll(re)) out.push((m[1] ?? m[2])!);
  return out;
}

describe('architecture: import direction', () => {
  it('no file imports from a layer above its own', () => {
    const bad: string[] = [];
    for (const top of Object.keys(LAYER)) {
      let list: string[] = [];
      try {
        list = files(join(ROOT, top));
      } catch {
        continue;
      }
      for (const f of list) {
        const rel = relative(ROOT, f);
        for (const spec of importsOf(f)) {
          if (!spec.startsWith('.')) {
            if (top === 'simulators' && spec.startsWith('@tensorflow/')) bad.push(`${rel} → ${spec} (simulators stay tfjs-free)`);
            if (top === 'cost-models' && spec.startsWith('@tensorflow/')) bad.push(`${rel} → ${spec} (cost models are pure)`);
            continue;
          }
          const target = relative(ROOT, resolve(dirname(f), spec));
          const targetTop = target.split('/')[0]!;
          if (!(targetTop in LAYER)) continue;
          if (LAYER[targetTop]! > LAYER[top]!) bad.push(`${rel} → ${target}`);
          if (top === 'experiments' && targetTop === 'src' && !PUBLIC_ENTRIES.has(target.replace(/\.js$/, '.ts'))) bad.push(`${rel} → ${target} (experiments use the public entries only: ${[...PUBLIC_ENTRIES].join(', ')})`);
        }
      }
    }
    expect(bad).toEqual([]);
  });
});
