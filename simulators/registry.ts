import type { FormatSpec } from './formats/formatSpec.js';
import type { FormatFamily } from './formats/formatFamily.js';
import { floatFamily } from './formats/floatFamily.js';
import { fixedFamily } from './formats/fixedFamily.js';
import { dfixedFamily } from './formats/dfixedFamily.js';
import { pow2Family } from './formats/pow2Family.js';
import { binaryFamily } from './formats/binaryFamily.js';
import { ternaryFamily } from './formats/ternaryFamily.js';
import { mxFamily } from './formats/mxFamily.js';
import { nvfp4Family } from './formats/nvfp4Family.js';
import { scaledFamily } from './formats/scaledFamily.js';

/**
 * The one list of format families (tfjs `register_all_kernels.ts`): adding a family is one line here. Every
 * entry point dispatches through the maps built from it: `kind → family` for specs, spec-string name → family
 * for the parser, preset id → spec string for the presets a family contributes.
 *
 * The maps are built on first use, not at import: family modules that nest other formats (block-scaled ones)
 * import this module, so whichever module loads first, every family is initialised before a lookup.
 */
function familyList(): ReadonlyArray<FormatFamily<never>> {
  return [floatFamily, fixedFamily, dfixedFamily, pow2Family, binaryFamily, ternaryFamily, mxFamily, nvfp4Family, scaledFamily] as unknown as ReadonlyArray<FormatFamily<never>>;
}

interface Tables {
  byKind: Map<string, FormatFamily>;
  byName: Map<string, FormatFamily>;
  presets: Map<string, string>;
}

let tables: Tables | undefined;

function build(): Tables {
  const byKind = new Map<string, FormatFamily>();
  const byName = new Map<string, FormatFamily>();
  const presets = new Map<string, string>();
  for (const f of familyList() as unknown as FormatFamily[]) {
    if (byKind.has(f.kind)) throw new Error(`format registry: duplicate kind ${JSON.stringify(f.kind)}`);
    byKind.set(f.kind, f);
    for (const name of Object.keys(f.names)) {
      if (byName.has(name)) throw new Error(`format registry: duplicate spec name ${JSON.stringify(name)}`);
      byName.set(name, f);
    }
    for (const [id, text] of Object.entries(f.presets ?? {})) {
      if (presets.has(id)) throw new Error(`format registry: duplicate preset ${JSON.stringify(id)}`);
      presets.set(id, text);
    }
  }
  return { byKind, byName, presets };
}

function get(): Tables {
  return (tables ??= build());
}

/**
 * The family of a format (its registry entry).
 * @throws RangeError for an unknown kind, listing the known ones.
 * @example handlerFor(parseFormat('int8')).bits(parseFormat('int8')) // 8
 */
export function handlerFor<S extends FormatSpec>(spec: S): FormatFamily<S> {
  const kind = (spec as { kind?: unknown } | null | undefined)?.kind;
  const h = typeof kind === 'string' ? get().byKind.get(kind) : undefined;
  if (!h) throw new RangeError(`no simulator for format kind ${JSON.stringify(kind)}; known: ${[...get().byKind.keys()].join(', ')}`);
  return h as unknown as FormatFamily<S>;
}

/** The family a spec-string name (`float`, `fixed`, `ufixed`, `mx`, …) belongs to, or undefined. */
export function familyForName(name: string): FormatFamily | undefined {
  return get().byName.get(name);
}

/** Every spec-string name the parser accepts, in registry order. */
export function familyNames(): string[] {
  return [...get().byName.keys()];
}

/** The presets contributed by families (id → spec string), in registry order. */
export function familyPresets(): ReadonlyMap<string, string> {
  return get().presets;
}
