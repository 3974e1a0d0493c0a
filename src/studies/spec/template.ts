/**
 * Study templates: `{v}` (a variable's value) and `{expr}` (an arithmetic expression over numeric variables in
 * mathjs syntax, evaluated by a restricted evaluator: scalars only, bounded size; see scalarExpr.ts), expanded
 * innermost first, so a variable may itself hold templates: with `fmt = "fixed(w={p},f={p-5})"` and `p = 10`,
 * `"{fmt}"` gives `"fixed(w=10,f=5)"`. A string that is exactly one template whose result is a number stays a
 * number (`"{e}"` → 3), so numeric config fields can be swept through variables too.
 *
 * Not modelled: literal braces (no escape); a non-integer result is printed with JavaScript's shortest form.
 */
import { evaluateScalar } from './_internal/scalarExpr.js';

export type TemplateScope = Readonly<Record<string, string | number>>;

const INNER = /\{([^{}]*)\}/;
const IDENT = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*$/;
const MAX_DEPTH = 16;

/** Whether a string holds a template. */
export function hasTemplate(s: string): boolean {
  return INNER.test(s);
}

/** An expression as shown in a message: at most 80 characters. */
const shorten = (s: string): string => (s.length > 80 ? `${s.slice(0, 77)}...` : s);

function evalOne(expr: string, scope: TemplateScope): string | number {
  const id = IDENT.exec(expr);
  const known = Object.keys(scope).join(', ') || '(none)';
  if (id) {
    // own properties only: `{constructor}` is an unknown variable, not Object's constructor
    if (!Object.hasOwn(scope, id[1]!)) throw new RangeError(`template {${expr}}: unknown variable ${id[1]}; defined: ${known}`);
    return scope[id[1]!]!;
  }
  const numeric = new Map<string, number>();
  for (const [k, v] of Object.entries(scope)) if (typeof v === 'number') numeric.set(k, v);
  let r: number;
  try {
    r = evaluateScalar(expr, numeric);
  } catch (e) {
    throw new RangeError(`template {${shorten(expr)}}: ${(e as Error).message}; numeric variables: ${[...numeric.keys()].join(', ') || '(none)'}`);
  }
  if (!Number.isFinite(r)) throw new RangeError(`template {${shorten(expr)}}: must give a finite number; got ${String(r)}`);
  return r;
}

/**
 * Expands every template of `s` with `scope`.
 * @throws RangeError on an unknown variable, a bad expression or templates nested deeper than 16.
 * @example expandTemplate('fixed(w={p},f={p-5})', { p: 10 }) // 'fixed(w=10,f=5)'
 */
export function expandTemplate(s: string, scope: TemplateScope): string | number {
  let cur: string | number = s;
  for (let depth = 0; typeof cur === 'string' && hasTemplate(cur); depth++) {
    if (depth >= MAX_DEPTH) throw new RangeError(`template ${JSON.stringify(s)}: nested deeper than ${MAX_DEPTH} (a variable refers to itself?)`);
    const m: RegExpExecArray = INNER.exec(cur)!;
    const v = evalOne(m[1]!, scope);
    cur = m[0].length === cur.length && typeof v === 'number' ? v : cur.slice(0, m.index) + String(v) + cur.slice(m.index + m[0].length);
  }
  return cur;
}

/** The names used by a template string's outermost level (for error messages). */
export function templateNames(s: string): string[] {
  const out = new Set<string>();
  for (const m of s.matchAll(/\{([^{}]*)\}/g)) for (const id of m[1]!.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) out.add(id[0]);
  return [...out];
}
