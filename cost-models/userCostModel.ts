import type { Arith } from './arith.js';
import { numberArith } from './arith.js';
import type { EnergyModel } from './energyModel.js';
import { compileEnergyExpr, dimensionOf, evaluateWithUnits, type EnergyExpr } from './_internal/mathExpr.js';
import { fitFloat, floatAddFromFit, floatMulFromFit } from './_internal/curves.js';
import { gateRules } from './_internal/gateRules.js';
import { JsonReader } from './_internal/strictJson.js';
import { proveFiniteNonNegative, type Box, type BoxFormula } from './_internal/proveFiniteNonNegative.js';

/** Keys of a user cost model, the symbols each expression may use, and sample points for validation. */
const OPS: Record<string, { symbols: string[]; sweep: string; memory?: boolean; required?: boolean }> = {
  add: { symbols: ['b'], sweep: 'b', required: true },
  mul: { symbols: ['b', 'b_in', 'b_w'], sweep: 'b', required: true },
  fadd: { symbols: ['e', 'm', 'b'], sweep: 'm' },
  fmul: { symbols: ['e', 'm', 'b'], sweep: 'm' },
  mux: { symbols: ['b'], sweep: 'b' },
  mux_ternary: { symbols: ['b'], sweep: 'b' },
  shift: { symbols: ['b', 's'], sweep: 'b' },
  xnor: { symbols: [], sweep: '' },
  popcount: { symbols: ['n'], sweep: '' },
  cmp: { symbols: ['b'], sweep: 'b' },
  sram: { symbols: ['c'], sweep: 'c', memory: true, required: true },
  dram: { symbols: ['c'], sweep: 'c', memory: true, required: true },
};
const META = ['id', 'description', 'citation'];
const SWEEPS: Record<string, number[]> = { b: [1, 2, 3, 4, 8, 16, 32, 64], m: [0, 1, 3, 7, 10, 23, 52], c: [64, 8192, 65536, 2 ** 20, 2 ** 23, 2 ** 30] };
const BASE: Record<string, number> = { b: 8, b_in: 8, b_w: 8, e: 5, m: 10, s: 7, n: 64, c: 65536 };

/**
 * The declared domain of every symbol: each formula is proved finite and ≥ 0 on all of it (real values, since
 * widths reach the formulas as reals: b = √(b_in·b_w), BitPruning's learned bitlengths). Bits up to 256 cover
 * every format (≤ 64 bits) plus accumulator growth; e, m the float formats lowbit parses; s a pow2 span; n a
 * popcount fan-in; c a tensor's capacity in bits.
 */
export const COST_SYMBOL_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  b: [1, 256],
  b_in: [1, 256],
  b_w: [1, 256],
  e: [1, 11],
  m: [0, 52],
  s: [0, 4096],
  n: [1, 2 ** 31],
  c: [1, 2 ** 53],
};

/** The inputs each key's domain box spans, and how the formula's symbols derive from them (as the model calls it). */
const INPUTS: Record<string, { box: string[]; scope?: <T>(A: Arith<T>, x: Readonly<Record<string, T>>) => Record<string, T> }> = {
  mul: { box: ['b_in', 'b_w'], scope: (A, x) => ({ b: A.sqrt(A.mul(x.b_in!, x.b_w!)), b_in: x.b_in!, b_w: x.b_w! }) },
  fadd: { box: ['e', 'm'], scope: (A, x) => ({ e: x.e!, m: x.m!, b: A.add(A.c(1), A.add(x.e!, x.m!)) }) },
  fmul: { box: ['e', 'm'], scope: (A, x) => ({ e: x.e!, m: x.m!, b: A.add(A.c(1), A.add(x.e!, x.m!)) }) },
};

/** Longest expression text accepted (a cost formula is a line, not a program). */
export const MAX_EXPRESSION_CHARS = 2000;

/** Horowitz's float anchors, the default for `fadd`/`fmul` (same fit as the built-in models). */
const FLOAT_FIT = fitFloat({ fp16: 0.4, fp32: 0.9 }, { fp16: 1.1, fp32: 3.7 }, 'default float fit');
const QKERAS_GATES = { mux: 0.3, muxTernary: 0.6, xnor: 0.3, shiftStage: 0.3 };

/**
 * Parses a user-defined energy model: a JSON object whose keys are ops and whose values are mathjs expressions
 * with units, e.g. `{ "add": "0.03 pJ * b/8", "mul": "0.2 pJ * (b/8)^2", "sram": "10 pJ / 64", "dram": "20 pJ" }`.
 *
 * | key           | meaning (pJ per op unless noted)               | symbols                                  | if absent            |
 * |---------------|------------------------------------------------|------------------------------------------|----------------------|
 * | `add`         | integer add                                    | b                                        | required             |
 * | `mul`         | integer multiply                               | b = √(b_in·b_w), b_in, b_w               | required             |
 * | `fadd`,`fmul` | float add / multiply                           | e, m, b = 1+e+m                          | Horowitz fp16/fp32 fit |
 * | `mux`         | binary weight selecting a b-bit value          | b                                        | 0.3·add(b)           |
 * | `mux_ternary` | ternary weight                                 | b                                        | 2·mux(b)             |
 * | `shift`       | power-of-two shift of a b-bit value, span s    | b, s                                     | log shifter on add   |
 * | `xnor`        | one 1-bit XNOR                                 | —                                        | 0.3·add(1)           |
 * | `popcount`    | popcount tree over n inputs, per input         | n                                        | adder tree on add    |
 * | `cmp`         | comparison                                     | b                                        | add(b)               |
 * | `sram`,`dram` | per bit accessed (energy or energy/bit)        | c = capacity in bits                     | required             |
 *
 * Optional `id`, `description`, `citation` strings. Validation is strict: an unknown key, an undefined symbol, an
 * unsupported function, an expression over 2,000 characters, a result that is not an energy, or a value that
 * falls as its width grows (sampled) is a RangeError naming `file`, the key and the problem. Each formula is
 * **proved finite and ≥ 0 over the whole declared domain** (`COST_SYMBOL_RANGES`, by interval branch and bound,
 * `proveFiniteNonNegative`); otherwise the error names the key and the point (or region) where it fails. At run
 * time every value computed with numbers is checked again (a width outside the declared domain), with the same
 * kind of error.
 * @example parseUserCostModel('{"add":"0.003 pJ*b","mul":"0.2 pJ*(b/8)^2","sram":"0.2 pJ","dram":"20 pJ"}', 'my.json')
 */
export function parseUserCostModel(text: string, file: string): EnergyModel {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new RangeError(`${file}: not valid JSON: ${(e as Error).message}`);
  }
  const r = new JsonReader(file, '', json);
  const obj = r.object(Object.keys(OPS).filter((k) => OPS[k]!.required), [...META, ...Object.keys(OPS).filter((k) => !OPS[k]!.required)]);
  const ex: Record<string, EnergyExpr> = {};
  for (const key of Object.keys(OPS)) if (Object.hasOwn(obj, key)) ex[key] = checkExpr(r.at(key), key);
  const id = obj.id !== undefined ? r.at('id').string() : file;
  const f = (key: string) => ex[key]!;
  const add = <T>(A: Arith<T>, b: T): T => f('add')(A, { b });
  const gates = gateRules(add, QKERAS_GATES);
  return {
    id,
    description: obj.description !== undefined ? r.at('description').string() : `user cost model ${file}`,
    citation: obj.citation !== undefined ? r.at('citation').string() : '(none given)',
    sramTable: `user expression: ${String(obj.sram)}`,
    intAddPj: add,
    intMulPj: (A, bA, bB) => f('mul')(A, { b: A.sqrt(A.mul(bA, bB)), b_in: bA, b_w: bB }),
    floatAddPj: (A, e, m) => (ex.fadd ? ex.fadd(A, { e: A.c(e), m: A.c(m), b: A.c(1 + e + m) }) : A.c(floatAddFromFit(FLOAT_FIT, e, m))),
    floatMulPj: (A, e, m) => (ex.fmul ? ex.fmul(A, { e: A.c(e), m: A.c(m), b: A.c(1 + e + m) }) : A.c(floatMulFromFit(FLOAT_FIT, e, m))),
    muxPj: (A, b, ternary) => {
      if (ternary && ex.mux_ternary) return ex.mux_ternary(A, { b });
      if (ex.mux) return A.mul(A.c(ternary ? 2 : 1), ex.mux(A, { b }));
      return gates.muxPj(A, b, ternary);
    },
    shiftPj: (A, b, span) => (ex.shift ? ex.shift(A, { b, s: A.c(span) }) : gates.shiftPj(A, b, span)),
    xnorPj: (A) => (ex.xnor ? ex.xnor(A, {}) : gates.xnorPj(A)),
    popcountPj: (A, fanIn) => (ex.popcount ? ex.popcount(A, { n: A.c(fanIn) }) : gates.popcountPj(A, fanIn)),
    comparePj: (A, b) => (ex.cmp ? ex.cmp(A, { b }) : gates.comparePj(A, b)),
    sramPjPerBit: (A, c) => f('sram')(A, { c }),
    dramPjPerBit: (A, c) => f('dram')(A, { c }),
  };
}

function checkExpr(r: JsonReader, key: string): EnergyExpr {
  const spec = OPS[key]!;
  if (typeof r.value !== 'string') r.fail(`must be a mathjs expression string with units, e.g. "0.2 pJ * (b/8)^2"; got ${JSON.stringify(r.value)}`);
  const text = r.value;
  if (text.length > MAX_EXPRESSION_CHARS) r.fail(`expression too long: ${text.length} characters; at most ${MAX_EXPRESSION_CHARS}`);
  let expr: EnergyExpr;
  try {
    expr = compileEnergyExpr(text, spec.symbols);
  } catch (e) {
    r.fail((e as Error).message);
  }
  const points = spec.sweep ? SWEEPS[spec.sweep]!.map((v) => ({ ...BASE, [spec.sweep]: v })) : [BASE];
  let last = -Infinity;
  for (const p of points) {
    const scope: Record<string, number> = {};
    for (const s of spec.symbols) scope[s] = p[s]!;
    if (key === 'mul') Object.assign(scope, { b_in: p.b!, b_w: p.b! });
    if (key === 'fadd' || key === 'fmul') scope.b = 1 + p.e! + p.m!;
    let v: unknown;
    try {
      v = evaluateWithUnits(text, scope);
    } catch (e) {
      r.fail(`cannot evaluate ${JSON.stringify(text)} at ${JSON.stringify(scope)}: ${(e as Error).message}`);
    }
    const dim = dimensionOf(v);
    const ok = dim === 'energy' || (spec.memory && dim === 'energy/bit');
    if (!ok) r.fail(`unit is not energy: ${JSON.stringify(text)} gives ${dim}${spec.memory ? ' (energy or energy per bit expected)' : ' (an energy such as pJ expected)'}`);
    const pj = expr(numberArith, scope);
    if (!Number.isFinite(pj) || pj < 0) r.fail(`must be a finite energy ≥ 0; ${JSON.stringify(text)} gives ${pj} pJ at ${JSON.stringify(scope)}`);
    if (pj < last * (1 - 1e-12)) r.fail(`must not decrease as ${spec.sweep} grows; ${JSON.stringify(text)} falls to ${pj} pJ at ${spec.sweep} = ${p[spec.sweep]}`);
    last = pj;
  }
  proveOverDomain(r, key, text, expr);
  return guarded(r, key, text, expr);
}

/** 6 significant digits; large powers of two as 2^k (the domain bounds). */
const fmtNum = (v: number) => (v >= 2 ** 20 && Number.isInteger(Math.log2(v)) ? `2^${Math.log2(v)}` : `${+v.toPrecision(6)}`);
const fmtPoint = (p: Record<string, number>) => Object.entries(p).map(([k, v]) => `${k} = ${fmtNum(v)}`).join(', ');
const fmtBox = (b: Box) => Object.entries(b).map(([k, [lo, hi]]) => `${k} in [${fmtNum(lo)}, ${fmtNum(hi)}]`).join(', ');

/** Proves the formula finite and ≥ 0 on the key's whole declared domain, else fails naming the point or region. */
function proveOverDomain(r: JsonReader, key: string, text: string, expr: EnergyExpr): void {
  const inputs = INPUTS[key] ?? { box: OPS[key]!.symbols };
  const domain: Box = Object.fromEntries(inputs.box.map((s) => [s, COST_SYMBOL_RANGES[s]!]));
  const f: BoxFormula = (A, x) => expr(A, inputs.scope ? inputs.scope(A, x) : x);
  const res = proveFiniteNonNegative(f, domain);
  if (res.ok) return;
  const where = inputs.box.length ? ` for ${fmtBox(domain)}` : '';
  if ('at' in res) r.fail(`must be finite and ≥ 0${where}; ${JSON.stringify(text)} gives ${res.value} pJ at ${fmtPoint(res.at)}`);
  const enc = Number.isNaN(res.enclosure.lo) ? 'an undefined or unbounded value' : `values in [${res.enclosure.lo}, ${res.enclosure.hi}] pJ`;
  r.fail(`cannot be proved finite and ≥ 0${where}: ${JSON.stringify(text)} may give ${enc} near ${fmtBox(res.region)} (after ${res.boxes} interval steps)`);
}

/** The formula with a run-time check of every value computed with numbers (e.g. a width outside the domain). */
function guarded(r: JsonReader, key: string, text: string, expr: EnergyExpr): EnergyExpr {
  return (A, scope) => {
    const v = expr(A, scope);
    if (typeof v === 'number' && !(Number.isFinite(v) && v >= 0)) {
      const at = Object.entries(scope).map(([k, x]) => `${k} = ${x}`).join(', ');
      r.fail(`${JSON.stringify(text)} gives ${v} pJ at ${at || 'its only point'}; an energy must be finite and ≥ 0`);
    }
    return v;
  };
}
