import type { MathNode } from 'mathjs';
import { mathjs } from './mathjs.js';
import type { Arith } from '../arith.js';

/** A compiled energy expression: evaluates in any `Arith`, result in pJ. */
export type EnergyExpr = <T>(A: Arith<T>, scope: Readonly<Record<string, T>>) => T;

const FUNCTIONS: Record<string, (A: Arith<any>, args: any[]) => any> = {
  sqrt: (A, [x]) => A.sqrt(x),
  exp: (A, [x]) => A.exp(x),
  log: (A, [x]) => A.log(x),
  log2: (A, [x]) => A.log2(x),
  log10: (A, [x]) => A.div(A.log(x), A.c(Math.LN10)),
  abs: (A, [x]) => A.abs(x),
  ceil: (A, [x]) => A.ceil(x),
  floor: (A, [x]) => A.floor(x),
  max: (A, [x, y]) => A.max(x, y),
  min: (A, [x, y]) => A.min(x, y),
};
const ARITY: Record<string, number> = { max: 2, min: 2 };

const OPERATORS: Record<string, (A: Arith<any>, args: any[]) => any> = {
  add: (A, [x, y]) => A.add(x, y),
  subtract: (A, [x, y]) => A.sub(x, y),
  multiply: (A, [x, y]) => A.mul(x, y),
  divide: (A, [x, y]) => A.div(x, y),
  pow: (A, [x, y]) => A.pow(x, y),
  unaryMinus: (A, [x]) => A.sub(A.c(0), x),
  unaryPlus: (_A, [x]) => x,
};

/** SI joules → pJ. Expressions are evaluated in SI base units, then scaled once. */
const PJ_PER_J = 1e12;

/**
 * Parses and checks one energy expression: only numbers, the `symbols` given, mathjs unit names, + − * / ^,
 * parentheses and the functions sqrt, exp, log, log2, log10, abs, ceil, floor, max, min. Returns the compiled form;
 * the caller checks units and values by evaluating it (`evaluateWithUnits`).
 * @throws RangeError `problem` text (the caller prefixes the file and key).
 */
export function compileEnergyExpr(text: string, symbols: readonly string[]): EnergyExpr {
  let root: MathNode;
  try {
    root = mathjs().parse(text);
  } catch (e) {
    throw new RangeError(`cannot parse ${JSON.stringify(text)}: ${(e as Error).message}`);
  }
  const build = (node: MathNode): (<T>(A: Arith<T>, s: Readonly<Record<string, T>>) => T) => {
    const n = node as any;
    switch (node.type) {
      case 'ConstantNode': {
        if (typeof n.value !== 'number') throw new RangeError(`unsupported constant ${JSON.stringify(n.value)} in ${JSON.stringify(text)}`);
        const v = n.value as number;
        return (A) => A.c(v);
      }
      case 'SymbolNode': {
        const name = n.name as string;
        if (symbols.includes(name)) return (_A, s) => s[name]!;
        if (mathjs().Unit.isValuelessUnit(name)) {
          const si = mathjs().unit(1, name).value as number;
          return (A) => A.c(si);
        }
        throw new RangeError(`undefined symbol '${name}' in ${JSON.stringify(text)}; allowed: ${symbols.length ? symbols.join(', ') + ', ' : ''}numbers and units (pJ, fJ, nJ, bit…)`);
      }
      case 'ParenthesisNode':
        return build(n.content);
      case 'OperatorNode': {
        const op = OPERATORS[n.fn as string];
        if (!op) throw new RangeError(`unsupported operator '${n.op}' in ${JSON.stringify(text)}; allowed: + - * / ^`);
        const args = (n.args as MathNode[]).map(build);
        return (A, s) => op(A, args.map((f) => f(A, s)));
      }
      case 'FunctionNode': {
        const name = n.fn?.name as string;
        const f = FUNCTIONS[name];
        if (!f) throw new RangeError(`unsupported function '${name}' in ${JSON.stringify(text)}; allowed: ${Object.keys(FUNCTIONS).join(', ')}`);
        const arity = ARITY[name] ?? 1;
        if (n.args.length !== arity) throw new RangeError(`${name} takes ${arity} argument(s) in ${JSON.stringify(text)}; got ${n.args.length}`);
        const args = (n.args as MathNode[]).map(build);
        return (A, s) => f(A, args.map((g) => g(A, s)));
      }
      default:
        throw new RangeError(`unsupported construct (${node.type}) in ${JSON.stringify(text)}`);
    }
  };
  const body = build(root);
  return (A, s) => A.mul(body(A, s), A.c(PJ_PER_J));
}

/**
 * Evaluates the text with mathjs (units kept) at one point, for validation: returns the mathjs value, to be
 * checked for dimension and sign by the caller.
 */
export function evaluateWithUnits(text: string, scope: Record<string, number>): unknown {
  return mathjs().parse(text).evaluate({ ...scope });
}

/** 'energy' when the value is an energy, 'energy/bit' when energy per bit, else the unit text (or 'no unit'). */
export function dimensionOf(value: unknown): 'energy' | 'energy/bit' | string {
  if (!mathjs().isUnit(value)) return 'no unit';
  if (value.equalBase(mathjs().unit('J'))) return 'energy';
  if (value.equalBase(mathjs().unit('J/bit'))) return 'energy/bit';
  return `'${value.formatUnits()}'`;
}
