/**
 * Expands a study spec into its grid points: the cartesian product of the axes (first axis slowest), each
 * with its resolved training config, readable name and labels. Every point is validated before anything runs;
 * an error names the study-spec path that produced the bad value (`grid[1].values[2]: …`).
 */
import type { StudySpec } from './studySpec.js';
import { axisName, axisLabels, subGrids, type SubGrid } from './studySpec.js';
import { parseConfigPath, setAtPath, formatConfigPath, type PathSegment } from './_internal/configPath.js';
import { expandTemplate, hasTemplate, templateNames } from './template.js';
import { runNames } from './runName.js';

/**
 * One run of a study: its position, name, grid point and the full training config it runs.
 * @example
 * expandGrid(spec).map((p: GridPoint) => p.name) // ['format=float32__seed=1', …]
 */
export interface GridPoint {
  /** Position in the grid (0-based, first axis slowest, seeds fastest). */
  readonly index: number;
  /** Unique, filesystem-safe run name. */
  readonly name: string;
  /**
   * The grid point this run replicates: its name without the seed. Runs that differ only in their seed (the
   * spec's `seeds`, or an axis over `seed`) share it; reports average over them.
   */
  readonly point: string;
  /** The run's `seed` config value, or null when the config has none. */
  readonly seed: number | null;
  /** The resolved training config (templates expanded, quick overrides applied). */
  readonly config: Record<string, unknown>;
  /** Axis name → label of this point's value on that axis, in axis order. */
  readonly labels: Readonly<Record<string, string>>;
  /** Template variables ($-paths) of this point. */
  readonly vars: Readonly<Record<string, string | number>>;
}

/**
 * Options of `expandGrid`.
 * @example
 * expandGrid(spec, { quick: true, maxPoints: 1000 })
 */
export interface ExpandGridOptions {
  /** Apply the spec's `quick` overrides (throws when the spec has none). */
  quick?: boolean;
  /** Validates one resolved config (the trainer's validator); its message should start with `config.<path>: `. */
  validateConfig?: (config: Record<string, unknown>) => void;
  /** Most runs (points × seeds) the grid may have; checked before expansion. Default {@link DEFAULT_MAX_RUNS}. */
  maxPoints?: number;
}

/**
 * Default limit on the runs of a grid (points × seeds): 10^5.
 * @example
 * expandGrid(spec, { maxPoints: DEFAULT_MAX_RUNS })
 */
export const DEFAULT_MAX_RUNS = 100_000;

/** The config path set by a value and the spec path of that value, for tracing errors back. */
type Origin = readonly [configPath: string, specPath: string];

function expandStrings(x: unknown, scope: Record<string, string | number>, where: PathSegment[], used: Map<string, string[]>): unknown {
  if (typeof x === 'string') {
    if (!hasTemplate(x)) return x;
    used.set(formatConfigPath(where), usedVars(x, scope));
    return expandTemplate(x, scope);
  }
  if (Array.isArray(x)) return x.map((v, i) => expandStrings(v, scope, [...where, i], used));
  if (x !== null && typeof x === 'object') {
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, expandStrings(v, scope, [...where, k], used)]));
  }
  return x;
}

/** The variables a template uses, directly or through the templates held by the variables it uses. */
function usedVars(s: string, scope: Record<string, string | number>, seen = new Set<string>()): string[] {
  for (const n of templateNames(s)) {
    if (seen.has(n)) continue;
    seen.add(n);
    const v = Object.hasOwn(scope, n) ? scope[n] : undefined;
    if (typeof v === 'string') usedVars(v, scope, seen);
  }
  return [...seen];
}

/** Where a config path came from: the grid value that set it, or the base config. */
function specPathOf(path: string, origins: readonly Origin[]): string {
  for (const [cfg, spec] of origins) {
    if (path === cfg || path.startsWith(cfg + '.') || path.startsWith(cfg + '[')) return spec + path.slice(cfg.length);
  }
  return `base.${path}`;
}

function describeVars(names: string[], varOrigins: Map<string, string>): string {
  const parts = names.filter((n) => varOrigins.has(n)).map((n) => `${n} from ${varOrigins.get(n)}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/** Resolves one point; throws a RangeError whose message starts with the offending spec path. */
function resolvePoint(spec: StudySpec, sub: SubGrid, choice: readonly number[], seed: number | null, opts: ExpandGridOptions): { config: Record<string, unknown>; vars: Record<string, string | number> } {
  const config = structuredClone(spec.base);
  const vars: Record<string, string | number> = {};
  const origins: Origin[] = [];
  const varOrigins = new Map<string, string>();
  sub.axes.forEach((axis, i) => {
    const j = choice[i]!;
    const targets = axis.path !== undefined ? [axis.path] : axis.paths!;
    targets.forEach((t, k) => {
      const value = axis.path !== undefined ? axis.values[j] : (axis.values[j] as unknown[])[k];
      const specPath = `${sub.path}[${i}].values[${j}]${axis.path !== undefined ? '' : `[${k}]`}`;
      if (t.startsWith('$')) {
        vars[t.slice(1)] = value as string | number;
        varOrigins.set(t.slice(1), specPath);
        return;
      }
      try {
        setAtPath(config, parseConfigPath(t), structuredClone(value));
      } catch (e) {
        throw new RangeError(`${specPath}: ${(e as Error).message}`);
      }
      origins.push([t, specPath]);
    });
  });
  if (seed !== null) {
    config.seed = seed;
    origins.push(['seed', `seeds[${spec.seeds!.indexOf(seed)}]`]);
  }
  if (opts.quick) {
    if (!spec.quick && !spec.quickGrid) throw new RangeError(`quick: the study has no 'quick' section (config path → value) nor 'quickGrid', so --quick cannot shrink it`);
    for (const [p, v] of Object.entries(spec.quick ?? {})) {
      setAtPath(config, parseConfigPath(p), structuredClone(v));
      origins.unshift([p, `quick.${p}`]);
    }
  }
  // templates: walk the config and expand every string; errors name the string's origin and the variables used
  const used = new Map<string, string[]>();
  const expanded: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) {
    try {
      expanded[k] = expandStrings(v, vars, [k], used);
    } catch (e) {
      const last = [...used.keys()].pop() ?? k;
      throw new RangeError(`${specPathOf(last, origins)}${describeVars(used.get(last) ?? [], varOrigins)}: ${(e as Error).message}`);
    }
  }
  if (opts.validateConfig) {
    try {
      opts.validateConfig(expanded);
    } catch (e) {
      const msg = (e as Error).message;
      const m = /^config\.([^:\s]+): ([\s\S]*)$/.exec(msg);
      if (!m) throw new RangeError(`base: ${msg}`);
      const cfgPath = m[1]!;
      const templ = [...used.keys()].find((u) => cfgPath === u || cfgPath.startsWith(u + '.') || cfgPath.startsWith(u + '['));
      const via = templ ? describeVars(used.get(templ)!, varOrigins) : '';
      throw new RangeError(`${specPathOf(cfgPath, origins)}${via}: ${m[2]}`);
    }
  }
  return { config: expanded, vars };
}

/**
 * Expands and validates the whole grid. Nothing runs if any point is bad. With `seeds`, every point is run once
 * per seed (seeds vary fastest; run names end in `__seed=N`).
 * @throws RangeError `grid[i].values[j]: …`, `base.<path>: …` or `quick.<path>: …`, prefixed by nothing else;
 *   `grid: …` when the grid has more runs than `maxPoints` (counted before anything is expanded).
 * @example expandGrid(spec, { validateConfig: (c) => validateTrainConfig(c) }).map((p) => p.name)
 */
export function expandGrid(spec: StudySpec, opts: ExpandGridOptions = {}): GridPoint[] {
  const max = opts.maxPoints ?? DEFAULT_MAX_RUNS;
  if (!Number.isSafeInteger(max) || max < 1) throw new RangeError(`maxPoints: must be an integer >= 1; got ${String(max)}`);
  const keepSeed = opts.quick && spec.quickGrid && Object.hasOwn(spec.quickGrid, 'seed') ? spec.quickGrid.seed! : null;
  const seeds = spec.seeds ? spec.seeds.filter((s) => !keepSeed || keepSeed.includes(String(s))) : [null];
  const kept = subGrids(spec).map((sub, g) => ({ sub, g, keep: keptValues(sub, spec, opts) }));
  const runs = kept.reduce((n, { keep }) => n + keep.reduce((a, k) => a * k.length, 1), 0) * seeds.length;
  if (runs > max) {
    throw new RangeError(`grid: ${runs} runs (points × seeds) exceed the limit of ${max}; raise it with --max-points N (CLI) or maxPoints (API) if you mean it`);
  }
  const all = kept.flatMap(({ sub, g, keep }) => choicesOf(keep).map((choice) => ({ sub, g, choice })));
  const pairs = all.map(({ sub, choice }) => sub.axes.map((a, i): [string, string] => [axisName(a), axisLabels(a)[choice[i]!]!]));
  // the point a run replicates: its labels without the axes over `seed`, named uniquely among the distinct points
  const replicateKeys = all.map(({ sub, g }, n) => JSON.stringify([g, pairs[n]!.filter((_, i) => !isSeedAxis(sub.axes[i]!))]));
  const distinct = [...new Set(replicateKeys)];
  const pointNames = runNames(distinct.map((k) => (JSON.parse(k) as [number, [string, string][]])[1]));
  const pointOf = new Map(distinct.map((k, i) => [k, pointNames[i]!]));
  const runPairs = all.flatMap((_, n) => seeds.map((s) => (s === null ? pairs[n]! : [...pairs[n]!, ['seed', String(s)] as [string, string]])));
  const names = runNames(runPairs);
  let index = 0;
  return all.flatMap(({ sub, choice }, n) =>
    seeds.map((s): GridPoint => {
      const { config, vars } = resolvePoint(spec, sub, choice, s, opts);
      const i = index++;
      const point = pointOf.get(replicateKeys[n]!)!;
      return { index: i, name: names[i]!, point, seed: typeof config.seed === 'number' ? config.seed : null, config, labels: Object.fromEntries(runPairs[i]!), vars };
    }),
  );
}

/** Whether an axis sets the run's seed (its values are replicates, not grid points). */
function isSeedAxis(a: { path?: string; paths?: string[] }): boolean {
  return a.path === 'seed';
}

/** The value indices kept on each axis of one grid; with --quick, only the quickGrid values. */
function keptValues(sub: SubGrid, spec: StudySpec, opts: ExpandGridOptions): number[][] {
  return sub.axes.map((a) => {
    const name = axisName(a);
    const only = opts.quick && spec.quickGrid && Object.hasOwn(spec.quickGrid, name) ? spec.quickGrid[name] : undefined;
    const labels = axisLabels(a);
    return a.values.map((_, j) => j).filter((j) => !only || only.includes(labels[j]!));
  });
}

/** The value indices of every point of one grid, first axis slowest. */
function choicesOf(keep: number[][]): number[][] {
  const sizes = keep.map((k) => k.length);
  const total = sizes.reduce((a, b) => a * b, 1);
  const out: number[][] = [];
  for (let n = 0; n < total; n++) {
    const c: number[] = [];
    let r = n;
    for (let i = sizes.length - 1; i >= 0; i--) {
      c[i] = keep[i]![r % sizes[i]!]!;
      r = Math.floor(r / sizes[i]!);
    }
    out.push(c);
  }
  return out;
}
