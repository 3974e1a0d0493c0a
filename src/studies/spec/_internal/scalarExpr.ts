/**
 * The restricted expression language of study templates: mathjs syntax, parsed by mathjs, but evaluated here over
 * plain JavaScript numbers by a whitelist of node types, operators and functions. Nothing else runs: no matrix or
 * unit constructors (`zeros`, `ones`, `range`, `[1, 2]`), no strings, no assignment or function definition, no
 * `import`/`evaluate`. The text is at most {@link MAX_EXPR_LENGTH} characters and at most {@link MAX_EXPR_NODES}
 * nodes, so a template cannot exhaust memory or time (`{size(zeros(40000,40000))[1]}` used to crash the runner
 * with a V8 out-of-memory error).
 *
 * | allowed | |
 * |---|---|
 * | numbers, variables of the scope (own properties only) | `12`, `w` |
 * | `+ - * / ^ %` (mod as in mathjs: `x - y·floor(x/y)`), unary `-`/`+`, implicit multiplication | `w-1`, `2w` |
 * | comparisons (1 or 0), `and`, `or`, `not`, `c ? a : b` | `fam == 2 ? 1 : 0` |
 * | min, max, abs, floor, ceil, round (half away from zero, as mathjs), fix, sign, sqrt, exp, log, log2, log10, pow, mod | `min(5, w-2)` |
 *
 * Not modelled: mathjs constants (`pi`, `e`: `e` is a common variable name here), bignumbers and fractions.
 */
import type { MathNode } from 'mathjs';
import { mathjs } from '../../../../cost-models/_internal/mathjs.js';

/** Longest template expression accepted, in characters. */
export const MAX_EXPR_LENGTH = 200;
/** Most nodes a parsed template expression may have. */
export const MAX_EXPR_NODES = 100;

const mod = (x: number, y: number): number => (y === 0 ? x : x - y * Math.floor(x / y));
const b = (c: boolean): number => (c ? 1 : 0);

const OPERATORS: ReadonlyMap<string, (...a: number[]) => number> = new Map<string, (...a: number[]) => number>([
  ['add', (x, y) => x! + y!], ['subtract', (x, y) => x! - y!], ['multiply', (x, y) => x! * y!], ['divide', (x, y) => x! / y!],
  ['pow', (x, y) => x! ** y!], ['mod', (x, y) => mod(x!, y!)], ['unaryMinus', (x) => -x!], ['unaryPlus', (x) => x!],
  ['equal', (x, y) => b(x === y)], ['unequal', (x, y) => b(x !== y)], ['smaller', (x, y) => b(x! < y!)], ['larger', (x, y) => b(x! > y!)],
  ['smallerEq', (x, y) => b(x! <= y!)], ['largerEq', (x, y) => b(x! >= y!)], ['and', (x, y) => b(!!x && !!y)], ['or', (x, y) => b(!!x || !!y)],
  ['not', (x) => b(!x)],
]);

const FUNCTIONS: ReadonlyMap<string, (...a: number[]) => number> = new Map<string, (...a: number[]) => number>([
  ['min', Math.min], ['max', Math.max], ['abs', Math.abs], ['floor', Math.floor], ['ceil', Math.ceil],
  ['round', (x) => Math.sign(x!) * Math.round(Math.abs(x!))], ['fix', Math.trunc], ['sign', Math.sign], ['sqrt', Math.sqrt],
  ['exp', Math.exp], ['log', Math.log], ['log2', Math.log2], ['log10', Math.log10], ['pow', (x, y) => x! ** y!], ['mod', (x, y) => mod(x!, y!)],
]);

type Scope = ReadonlyMap<string, number>;

function evalNode(n: MathNode, scope: Scope): number {
  const node = n as MathNode & { value?: unknown; name?: string; fn?: string | { name: string }; args?: MathNode[]; content?: MathNode; condition?: MathNode; trueExpr?: MathNode; falseExpr?: MathNode };
  switch (node.type) {
    case 'ConstantNode':
      if (typeof node.value !== 'number') throw new RangeError(`only numbers are allowed; got ${JSON.stringify(node.value)}`);
      return node.value;
    case 'SymbolNode': {
      const v = scope.get(node.name!);
      if (v === undefined) throw new RangeError(`unknown numeric variable ${node.name}`);
      return v;
    }
    case 'ParenthesisNode':
      return evalNode(node.content!, scope);
    case 'ConditionalNode':
      return evalNode(node.condition!, scope) ? evalNode(node.trueExpr!, scope) : evalNode(node.falseExpr!, scope);
    case 'OperatorNode': {
      const f = OPERATORS.get(node.fn as string);
      if (!f) throw new RangeError(`operator ${(node as { op?: string }).op ?? String(node.fn)} is not allowed`);
      return f(...node.args!.map((a) => evalNode(a, scope)));
    }
    case 'FunctionNode': {
      const name = (node.fn as { name?: string }).name;
      const f = name === undefined ? undefined : FUNCTIONS.get(name);
      if (!f) throw new RangeError(`function ${name ?? '(expression)'} is not allowed; allowed: ${[...FUNCTIONS.keys()].join(', ')}`);
      return f(...node.args!.map((a) => evalNode(a, scope)));
    }
    default:
      throw new RangeError(`${node.type} is not allowed (arithmetic on numbers only)`);
  }
}

/**
 * Evaluates `expr` over the numeric variables of `scope`.
 * @throws RangeError when the text is too long, does not parse, or uses anything outside the table above.
 * @example evaluateScalar('w-1-min(5,w-2)', new Map([['w', 8]])) // 2
 */
export function evaluateScalar(expr: string, scope: Scope): number {
  if (expr.length > MAX_EXPR_LENGTH) throw new RangeError(`expression is ${expr.length} characters long; at most ${MAX_EXPR_LENGTH} are allowed`);
  let tree: MathNode;
  try {
    tree = mathjs().parse(expr);
  } catch (e) {
    throw new RangeError((e as Error).message);
  }
  let nodes = 0;
  tree.traverse(() => void nodes++);
  if (nodes > MAX_EXPR_NODES) throw new RangeError(`expression has ${nodes} nodes; at most ${MAX_EXPR_NODES} are allowed`);
  return evalNode(tree, scope);
}
