/**
 * The study spec: a base training config plus a grid of axes, as one JSON file (docs/studies.md).
 *
 * ```json
 * { "name": "default",
 *   "base": { "model": {…}, "dataset": {…}, "policy": { "default": { "weight": { "format": "{fmt}" } } }, … },
 *   "grid": [ { "name": "fmt", "path": "$fmt", "values": ["fixed(w=8,f=5)", "float(e=4,m=3)"] },
 *             { "path": "seed", "values": [1, 2] },
 *             { "name": "bits", "paths": ["$p", "$u"], "values": [[10, 12], [20, 20]] } ],
 *   "quick": { "epochs": 1, "dataset.trainSize": 500 },
 *   "report": { "bits": "{p}", "family": "{fmt}" } }
 * ```
 *
 * Axis truth table (the grid is the cartesian product of its axes, the first varying slowest):
 *
 * | axis form                          | sets, per value                                       |
 * |------------------------------------|-------------------------------------------------------|
 * | `path: "a.b[0]"`                   | the config value at that path                         |
 * | `path: "$v"`                       | the template variable `v` used as `{v}` in base strings |
 * | `paths: [p1, p2], values: [[x, y]]` | several paths (or variables) at once: a zipped axis   |
 *
 * A union of grids is a list of axis lists, `"grid": [[axes of grid 0], [axes of grid 1]]` (scikit-learn's
 * ParameterGrid over a list of dicts): e.g. a float32 baseline beside a formats × widths product.
 *
 * Strings of the base config may hold templates `{v}` or `{expr}` (a mathjs expression of numeric variables,
 * e.g. `fixed(w={p},f={p-5})`); a variable's value may itself hold templates.
 *
 * Not modelled: conditional axes (a value that exists only for some other value); list them as a zipped axis.
 */
import { parseConfigPath, FORBIDDEN_KEYS } from './_internal/configPath.js';
import { valueLabel } from './runName.js';
import { COST_MODEL_IDS } from '../../../cost-models/costModelRegistry.js';
import { parseUserCostModel } from '../../../cost-models/userCostModel.js';

/**
 * One axis of a grid: the config path(s) it sets and the values it takes.
 * @example
 * const axis: GridAxisSpec = { name: 'w', path: 'policy.default.weight.format', values: ['int4', 'int8'], labels: ['4', '8'] };
 */
export interface GridAxisSpec {
  /** Axis name in run names and report columns; derived from the path when absent. */
  name?: string;
  path?: string;
  paths?: string[];
  values: unknown[];
  /** One readable label per value (run names, legends); derived from the value when absent. */
  labels?: string[];
}

/**
 * What the report plots against: templates over the grid variables and axis labels.
 * @example
 * const report: StudyReportSpec = { title: 'MNIST MLP, one format for every propagation' };
 */
export interface StudyReportSpec {
  title?: string;
  /** The format whose bit width and family are plotted when `bits`/`family` are absent (default policy.default.weight.format). */
  formatPath?: string;
  /** Template giving a run's bit width, e.g. `"{p}"`. */
  bits?: string;
  /** Title of the bit-width axis (default `bit width`). */
  bitsTitle?: string;
  /** Template giving a run's line (format family), e.g. `"{fmt}"`. */
  family?: string;
  /** Template splitting the bit-width plot into panels, e.g. `"update {u} bits"`. */
  series?: string;
}

/**
 * The cost model the report's energy and memory come from: a built-in model id (`horowitz45nm`, `qtools`) or a
 * user cost model (the JSON object of docs/cost.md, inlined by loadStudySpec from a file path), the phase priced,
 * and the batch size (default: the run's `batchSize`). Default `{ model: 'horowitz45nm', phase: 'training' }`.
 * @example
 * const cost: StudyCostSpec = { model: 'lenet5', phase: 'training', batchSize: 100 };
 */
export interface StudyCostSpec {
  model: string | Record<string, unknown>;
  phase: 'training' | 'inference';
  batchSize?: number;
}

/**
 * A study: a base training config, the grid over its paths, seeds, the cost model and the report's settings.
 * @example
 * const spec: StudySpec = validateStudySpec(JSON.parse(readFileSync('experiments/studies/default.json', 'utf8')));
 */
export interface StudySpec {
  name: string;
  description?: string;
  base: Record<string, unknown>;
  /** Run every grid point once per seed (config `seed`); reports show the mean and its standard error. */
  seeds?: number[];
  /** The cost model of the report (default horowitz45nm, training phase). */
  cost?: StudyCostSpec;
  /** The axes of one grid, or a list of grids whose points are joined (a union). */
  grid: GridAxisSpec[] | GridAxisSpec[][];
  /** Config path → value, applied to every run with `--quick`. */
  quick?: Record<string, unknown>;
  /** With `--quick`, keep only these values (labels) of the named axes: `{ "w": ["8"] }` (`seed` selects `seeds`). */
  quickGrid?: Record<string, string[]>;
  report?: StudyReportSpec;
}

const TOP_KEYS = ['name', 'description', 'base', 'seeds', 'cost', 'grid', 'quick', 'quickGrid', 'report'];
const COST_KEYS = ['model', 'phase', 'batchSize'];
const PHASES = ['training', 'inference'];
const AXIS_KEYS = ['name', 'path', 'paths', 'values', 'labels'];
const REPORT_KEYS = ['title', 'formatPath', 'bits', 'bitsTitle', 'family', 'series'];
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const VAR = /^\$[A-Za-z_][A-Za-z0-9_]*$/;

const fail = (path: string, msg: string): never => {
  throw new RangeError(`${path}: ${msg}`);
};
const show = (v: unknown): string => (v === undefined ? 'undefined' : JSON.stringify(v));

function isObject(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

/** Refuses `__proto__`, `constructor` and `prototype` as keys anywhere inside a JSON value. */
function checkReservedKeys(x: unknown, where: string): void {
  if (Array.isArray(x)) x.forEach((v, i) => checkReservedKeys(v, `${where}[${i}]`));
  else if (isObject(x)) {
    for (const [k, v] of Object.entries(x)) {
      if (FORBIDDEN_KEYS.has(k)) fail(`${where}.${k}`, `key is not allowed (reserved: ${[...FORBIDDEN_KEYS].join(', ')})`);
      checkReservedKeys(v, `${where}.${k}`);
    }
  }
}

function validateSeeds(s: unknown, grids: SubGrid[], quick: unknown): number[] {
  if (!Array.isArray(s) || s.length === 0) return fail('seeds', `must be a non-empty array of distinct integers; got ${show(s)}`);
  s.forEach((v, i) => {
    if (!Number.isSafeInteger(v) || (v as number) < 0) fail(`seeds[${i}]`, `must be an integer >= 0; got ${show(v)}`);
  });
  if (new Set(s).size !== s.length) fail('seeds', `lists a seed twice: ${show(s)}`);
  for (const g of grids) {
    g.axes.forEach((a, i) => {
      if (a.path === 'seed' || a.paths?.includes('seed')) fail(`${g.path}[${i}]`, `sets 'seed', which 'seeds' already sets; drop one of them`);
    });
  }
  if (isObject(quick) && Object.hasOwn(quick, 'seed')) fail('quick.seed', `'seeds' already sets the seed`);
  return s as number[];
}

function validateCost(c: unknown): StudyCostSpec {
  if (!isObject(c)) return fail('cost', `must be an object {model, phase, batchSize}; got ${show(c)}`);
  checkKeys(c, COST_KEYS, 'cost');
  const model = c.model ?? 'horowitz45nm';
  if (typeof model === 'string') {
    if (!COST_MODEL_IDS.includes(model)) fail('cost.model', `unknown cost model ${show(model)}; known: ${COST_MODEL_IDS.join(', ')}, or a user cost model (a JSON file path or object, docs/cost.md)`);
  } else if (isObject(model)) {
    try {
      parseUserCostModel(JSON.stringify(model), 'cost.model');
    } catch (e) {
      fail('cost.model', (e as Error).message.replace(/^cost\.model:?\s*/, ''));
    }
  } else fail('cost.model', `must be a cost model id (${COST_MODEL_IDS.join(', ')}) or a user cost model object; got ${show(model)}`);
  const phase = c.phase ?? 'training';
  if (typeof phase !== 'string' || !PHASES.includes(phase)) fail('cost.phase', `must be one of ${PHASES.join(', ')}; got ${show(phase)}`);
  if (c.batchSize !== undefined && (!Number.isSafeInteger(c.batchSize) || (c.batchSize as number) < 1)) fail('cost.batchSize', `must be an integer >= 1; got ${show(c.batchSize)}`);
  return { model: model as StudyCostSpec['model'], phase: phase as StudyCostSpec['phase'], ...(c.batchSize !== undefined ? { batchSize: c.batchSize as number } : {}) };
}

function checkKeys(obj: Record<string, unknown>, allowed: string[], where: string): void {
  for (const k of Object.keys(obj)) {
    if (!allowed.includes(k)) fail(where ? `${where}.${k}` : k, `unknown key; allowed: ${allowed.join(', ')}`);
  }
}

function checkTarget(p: unknown, where: string): string {
  if (typeof p !== 'string') return fail(where, `must be a config path string or a $variable; got ${show(p)}`);
  if (p.startsWith('$')) {
    if (!VAR.test(p)) fail(where, `variable ${show(p)} is malformed; expected $ followed by a letter and letters, digits or _`);
    if (FORBIDDEN_KEYS.has(p.slice(1))) fail(where, `variable ${show(p)} is not allowed (reserved: ${[...FORBIDDEN_KEYS].join(', ')})`);
    return p;
  }
  try {
    parseConfigPath(p);
  } catch (e) {
    fail(where, (e as Error).message);
  }
  return p;
}

/** The axis name used in run names: `policy.default.weight.format` → `weight`, `$p` → `p`, `optimizer.lr` → `lr`. */
export function axisName(axis: Pick<GridAxisSpec, 'name' | 'path' | 'paths'>): string {
  if (axis.name) return axis.name;
  const one = (p: string): string => {
    if (p.startsWith('$')) return p.slice(1);
    const keys = parseConfigPath(p).filter((s): s is string => typeof s === 'string');
    const last = keys[keys.length - 1]!;
    const prev = keys[keys.length - 2];
    if (last === 'format' && prev) return prev;
    if (last === 'rounding' && prev) return `${prev}-rounding`;
    return last;
  };
  return axis.path !== undefined ? one(axis.path) : (axis.paths ?? []).map(one).join('+');
}

function validateAxis(a: unknown, where: string): GridAxisSpec {
  if (!isObject(a)) return fail(where, `must be an object {path, values} or {paths, values}; got ${show(a)}`);
  checkKeys(a, AXIS_KEYS, where);
  if ((a.path === undefined) === (a.paths === undefined)) fail(where, `needs exactly one of 'path' (one config path or $variable) and 'paths' (a zipped axis)`);
  if (a.name !== undefined && (typeof a.name !== 'string' || !NAME.test(a.name))) {
    fail(`${where}.name`, `must match ${NAME.source}; got ${show(a.name)}`);
  }
  let width = 0;
  if (a.path !== undefined) checkTarget(a.path, `${where}.path`);
  else {
    if (!Array.isArray(a.paths) || a.paths.length < 1) return fail(`${where}.paths`, `must be a non-empty array of config paths or $variables; got ${show(a.paths)}`);
    a.paths.forEach((p, k) => checkTarget(p, `${where}.paths[${k}]`));
    if (new Set(a.paths).size !== a.paths.length) fail(`${where}.paths`, `lists a path twice: ${show(a.paths)}`);
    width = a.paths.length;
  }
  if (!Array.isArray(a.values) || a.values.length < 1) return fail(`${where}.values`, `must be a non-empty array; got ${show(a.values)}`);
  a.values.forEach((v, j) => {
    if (v === undefined) fail(`${where}.values[${j}]`, 'must be a JSON value');
    if (width > 0 && (!Array.isArray(v) || v.length !== width)) {
      fail(`${where}.values[${j}]`, `must be an array of ${width} values, one per entry of 'paths'; got ${show(v)}`);
    }
    const vars = a.path !== undefined ? [[a.path, v]] : (a.paths as string[]).map((p, k) => [p, (v as unknown[])[k]]);
    for (const [p, x] of vars as [string, unknown][]) {
      if (p.startsWith('$') && typeof x !== 'string' && !(typeof x === 'number' && Number.isFinite(x))) {
        fail(`${where}.values[${j}]${width ? `[${(a.paths as string[]).indexOf(p)}]` : ''}`, `a variable's value must be a string or a finite number; got ${show(x)}`);
      }
    }
  });
  if (a.labels !== undefined) {
    if (!Array.isArray(a.labels) || a.labels.length !== a.values.length) {
      fail(`${where}.labels`, `must be an array of ${a.values.length} strings, one per value; got ${show(a.labels)}`);
    }
    (a.labels as unknown[]).forEach((l, j) => {
      if (typeof l !== 'string' || l === '') fail(`${where}.labels[${j}]`, `must be a non-empty string; got ${show(l)}`);
    });
    if (new Set(a.labels as string[]).size !== a.values.length) fail(`${where}.labels`, 'must be distinct');
  }
  return a as unknown as GridAxisSpec;
}

/** The label of each value of an axis (explicit labels, else derived from the value). */
export function axisLabels(axis: GridAxisSpec): string[] {
  return axis.labels ?? axis.values.map(valueLabel);
}

function validateQuickGrid(q: unknown, grids: SubGrid[], seeds: number[] | undefined): Record<string, string[]> {
  if (!isObject(q)) return fail('quickGrid', `must be an object mapping axis names to the labels kept with --quick; got ${show(q)}`);
  // with `seeds`, the seeds are an axis named 'seed' here: quickGrid.seed keeps some of them
  const axes = [...grids.flatMap((g) => g.axes), ...(seeds ? [{ name: 'seed', path: 'seed', values: seeds }] : [])];
  const names = axes.map(axisName);
  for (const [k, v] of Object.entries(q)) {
    const found = axes.filter((_, i) => names[i] === k);
    if (found.length === 0) fail(`quickGrid.${k}`, `unknown axis; axes: ${[...new Set(names)].join(', ') || '(none)'}`);
    const labels = [...new Set(found.flatMap(axisLabels))];
    if (!Array.isArray(v) || v.length === 0) fail(`quickGrid.${k}`, `must be a non-empty array of labels of axis ${k}; got ${show(v)}`);
    (v as unknown[]).forEach((l, j) => {
      if (typeof l !== 'string' || !labels.includes(l)) fail(`quickGrid.${k}[${j}]`, `must be one of the axis labels ${labels.map((x) => show(x)).join(', ')}; got ${show(l)}`);
    });
  }
  return q as Record<string, string[]>;
}

/** One cartesian grid of a spec and the JSON path of its axis list (`grid`, or `grid[k]` in a union). */
export interface SubGrid {
  axes: GridAxisSpec[];
  path: string;
}

/** The grids of a spec: one, or each member of a union. */
export function subGrids(spec: Pick<StudySpec, 'grid'>): SubGrid[] {
  const g = spec.grid;
  if (g.length > 0 && Array.isArray(g[0])) return (g as GridAxisSpec[][]).map((axes, k) => ({ axes, path: `grid[${k}]` }));
  return [{ axes: g as GridAxisSpec[], path: 'grid' }];
}

function validateAxes(list: unknown[], where: string): GridAxisSpec[] {
  const grid = list.map((a, i) => validateAxis(a, `${where}[${i}]`));
  const names = new Map<string, number>();
  const targets = new Map<string, number>();
  grid.forEach((a, i) => {
    const n = axisName(a);
    if (names.has(n)) fail(`${where}[${i}]`, `axis name ${show(n)} is already used by ${where}[${names.get(n)}]; give one of them a 'name'`);
    names.set(n, i);
    for (const p of a.path !== undefined ? [a.path] : a.paths!) {
      if (targets.has(p)) fail(`${where}[${i}]`, `${show(p)} is already set by ${where}[${targets.get(p)}]`);
      targets.set(p, i);
    }
  });
  return grid;
}

function validateReport(r: unknown): StudyReportSpec {
  if (!isObject(r)) return fail('report', `must be an object; got ${show(r)}`);
  checkKeys(r, REPORT_KEYS, 'report');
  for (const k of REPORT_KEYS) {
    if (r[k] !== undefined && (typeof r[k] !== 'string' || r[k] === '')) fail(`report.${k}`, `must be a non-empty string; got ${show(r[k])}`);
  }
  if (r.formatPath !== undefined) checkTarget(r.formatPath, 'report.formatPath');
  return r as StudyReportSpec;
}

/**
 * Validates a study spec strictly: an unknown key or bad value throws a RangeError whose message starts with the
 * JSON path (`grid[2].values[0]: …`) and says what is allowed. The base config itself is checked later, per
 * grid point, by the trainer's validator (see expandGrid).
 * @example validateStudySpec({ name: 's', base: { epochs: 1 }, grid: [{ path: 'seed', values: [1, 2] }] })
 */
export function validateStudySpec(json: unknown): StudySpec {
  if (!isObject(json)) return fail('(study)', `must be a JSON object with keys ${TOP_KEYS.join(', ')}; got ${show(json)}`);
  checkKeys(json, TOP_KEYS, '');
  if (typeof json.name !== 'string' || !NAME.test(json.name)) fail('name', `must be a string matching ${NAME.source} (it names the output folder); got ${show(json.name)}`);
  if (json.description !== undefined && typeof json.description !== 'string') fail('description', `must be a string; got ${show(json.description)}`);
  if (!isObject(json.base)) fail('base', `must be a training config object (docs/training.md); got ${show(json.base)}`);
  checkReservedKeys(json.base, 'base');
  checkReservedKeys(json.grid, 'grid');
  checkReservedKeys(json.quick, 'quick');
  const gridIn = json.grid ?? [];
  if (!Array.isArray(gridIn)) return fail('grid', `must be an array of axes, or an array of such arrays (a union of grids); got ${show(gridIn)}`);
  const union = gridIn.length > 0 && Array.isArray(gridIn[0]);
  gridIn.forEach((a, k) => {
    if (Array.isArray(a) !== union) fail(`grid[${k}]`, union ? 'must be an array of axes like grid[0] (a union of grids)' : 'must be an axis object; a union of grids lists arrays of axes only');
  });
  const grid = union ? (gridIn as unknown[][]).map((g, k) => validateAxes(g, `grid[${k}]`)) : validateAxes(gridIn, 'grid');
  if (json.quick !== undefined) {
    if (!isObject(json.quick)) fail('quick', `must be an object mapping config paths to values; got ${show(json.quick)}`);
    for (const p of Object.keys(json.quick as object)) {
      if (p.startsWith('$')) fail(`quick.${p}`, 'must be a config path, not a variable');
      checkTarget(p, `quick.${p}`);
    }
  }
  const seeds = json.seeds === undefined ? undefined : validateSeeds(json.seeds, subGrids({ grid }), json.quick);
  const quickGrid = json.quickGrid === undefined ? undefined : validateQuickGrid(json.quickGrid, subGrids({ grid }), seeds);
  const report = json.report === undefined ? undefined : validateReport(json.report);
  const cost = json.cost === undefined ? undefined : validateCost(json.cost);
  return {
    name: json.name as string, description: json.description as string | undefined, base: json.base as Record<string, unknown>,
    ...(seeds ? { seeds } : {}), ...(cost ? { cost } : {}), grid,
    quick: json.quick as Record<string, unknown> | undefined, quickGrid, report,
  };
}
