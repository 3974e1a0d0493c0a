import type { FixedSpec, FloatSpec, FormatSpec } from '../formats/formatSpec.js';
import { parseFormat } from '../formats/parseFormat.js';
import { prepare } from '../quantize.js';
import type { RoundingMode } from '../rounding/roundingMode.js';
import { Rng } from '../random/rng.js';
import { arith, ARITH_ARITY, type ArithOp } from './arith.js';
import { arithFast, decidable, exactParts, isMember, roundParts, type ArithFast } from '../fastpath/arithFast.js';
import { arithWasm } from '../fastpath/arithWasm.js';

/**
 * Options of `arithArray`.
 * @example
 * arithArray('mul', 'bfloat16', [xs, ys], { rounding: 'sr', seed: 1, flags: true })
 */
export interface ArithArrayOptions {
  /** Rounding mode of every result (default `rne`). */
  rounding?: RoundingMode;
  /** Seed of the `sr` generator: one `Rng(seed)` serves the whole array, element by element, in order. */
  seed?: number;
  /** A generator to draw from under `sr` instead of `seed` (shared across calls). */
  rng?: Rng;
  /** Also return each element's IEEE flags (see `flagsToString`). */
  flags?: boolean;
  /** Where to write the results (length n); a new Float64Array otherwise. */
  out?: Float64Array;
}

/**
 * Results of `arithArray`: the values and, when asked, one flag byte per element.
 * @example
 * const { values, flags } = arithArray('add', 'float16', [xs, ys], { flags: true });
 */
export interface ArithArrayResult {
  values: Float64Array;
  flags?: Uint8Array;
}

const KEYS = ['rounding', 'seed', 'rng', 'flags', 'out'];

/**
 * Element-wise correctly rounded arithmetic on arrays: `values[i]` and `flags[i]` are, bit for bit, what the
 * scalar `arith(op, format, [A[i], B[i], …])` returns (operands not in the format are first rounded into it,
 * IEEE special cases and flags included). Under `sr`, element i takes its draws (operand roundings first, then
 * the result) from one generator in element order, exactly as successive scalar calls sharing that generator.
 *
 * Speed, without changing any bit: for float formats with p ≤ 26 and fixed formats with w ≤ 52, the exact
 * result is formed as a double s plus the sign of its error (exact for add/sub/mul when 2p ≤ 53; TwoSum for
 * sums, Dekker's TwoProduct for the remainder of div and sqrt), and s is rounded directly whenever it is not a
 * grid point or midpoint of the format (see `fastpath/arithFast.ts`). Round-to-nearest-even of formats that fit
 * float32 (p ≤ 24) runs in WebAssembly SIMD (`fastpath/wasm/arithKernels.wat`). Only the elements those paths
 * cannot decide (NaN or infinite operands, operands outside the format, x/0, sqrt(x < 0), an inexact result
 * lying on a rounding boundary) take the exact BigInt path of `arith`.
 * Not modelled: what `arith` does not model (NaN payloads).
 * @example arithArray('add', 'float16', [new Float64Array([1, 2048]), new Float64Array([2 ** -11, 1])]).values
 * // Float64Array [1, 2048] (both ties, to even)
 * @throws RangeError / TypeError naming the argument for a bad op, format, operand list, length or option.
 */
export function arithArray(
  op: ArithOp,
  format: FormatSpec | string,
  operands: ReadonlyArray<Float64Array | Float32Array>,
  options?: ArithArrayOptions,
): ArithArrayResult {
  if (typeof op !== 'string' || !Object.hasOwn(ARITH_ARITY, op)) {
    throw new RangeError(`arithArray: op must be one of ${Object.keys(ARITH_ARITY).join(', ')}; got ${JSON.stringify(op)}`);
  }
  const spec = checkFormat(format);
  const arity = ARITH_ARITY[op];
  const xs = checkOperands(op, arity, operands);
  const n = xs[0]!.length;
  const o = options ?? {};
  if (typeof o !== 'object' || o === null) throw new TypeError(`arithArray: options must be an object; got ${String(o)}`);
  const unknown = Object.keys(o).filter((k) => !KEYS.includes(k));
  if (unknown.length) throw new RangeError(`arithArray: unknown option '${unknown[0]}'; allowed: ${KEYS.join(', ')}`);
  const { mode } = prepare('arithArray', spec, o);
  if (o.out !== undefined && !(o.out instanceof Float64Array && o.out.length === n)) {
    throw new RangeError(`arithArray: options.out must be a Float64Array of length ${n}; got ${describe(o.out)}`);
  }
  const values = o.out ?? new Float64Array(n);
  const flags = o.flags ? new Uint8Array(n) : undefined;
  const rng = mode === 'sr' ? (o.rng ?? new Rng(o.seed!)) : undefined;
  const scalarOpts = rng ? { rounding: mode, rng } : { rounding: mode };
  // WebAssembly SIMD (rne, p ≤ 24); the elements it cannot decide come back through the scalar path
  const redo = (i: number) => arith(op, spec, xs.map((x) => x[i]!), scalarOpts);
  if (mode === 'rne' && arithWasm(op, spec, xs, values, flags, redo)) return flags ? { values, flags } : { values };
  const P = arithFast(spec, mode);
  jsLoop(P, op, spec, xs, values, flags, rng, scalarOpts);
  return flags ? { values, flags } : { values };
}

type Xs = ReadonlyArray<Float64Array | Float32Array>;

function jsLoop(
  P: ArithFast | undefined,
  op: ArithOp,
  spec: FloatSpec | FixedSpec,
  xs: Xs,
  values: Float64Array,
  flags: Uint8Array | undefined,
  rng: Rng | undefined,
  scalarOpts: { rounding: RoundingMode; rng?: Rng },
): void {
  const A = xs[0]!;
  const B = xs[1];
  const C = xs[2];
  for (let i = 0; i < A.length; i++) {
    if (P !== undefined) {
      const a = A[i]!;
      const b = B === undefined ? 0 : B[i]!;
      const c = C === undefined ? 0 : C[i]!;
      if (isMember(P, a) && (B === undefined || isMember(P, b)) && (C === undefined || isMember(P, c)) && exactParts(P, op, a, b, c) && decidable(P)) {
        roundParts(P, rng ? rng.uniform() : 0);
        values[i] = P.value;
        if (flags) flags[i] = P.flags;
        continue;
      }
    }
    scalarOne(op, spec, xs, i, values, flags, scalarOpts);
  }
}

function scalarOne(
  op: ArithOp,
  spec: FloatSpec | FixedSpec,
  xs: Xs,
  i: number,
  values: Float64Array,
  flags: Uint8Array | undefined,
  opts: { rounding: RoundingMode; rng?: Rng },
): void {
  const r = arith(op, spec, xs.map((x) => x[i]!), opts);
  values[i] = r.value;
  if (flags) flags[i] = r.flags;
}

function describe(x: unknown): string {
  return ArrayBuffer.isView(x) ? `${Object.prototype.toString.call(x)} of length ${(x as Float64Array).length}` : JSON.stringify(x) ?? String(x);
}

function checkFormat(format: FormatSpec | string): FloatSpec | FixedSpec {
  const spec = typeof format === 'string' ? parseFormat(format) : format;
  if (typeof spec !== 'object' || spec === null || (spec.kind !== 'float' && spec.kind !== 'fixed')) {
    throw new RangeError(`arithArray: format must be a float or fixed format (FormatSpec or spec string); got ${describe(format)}`);
  }
  return spec;
}

function checkOperands(op: ArithOp, arity: number, operands: unknown): Xs {
  if (!Array.isArray(operands) || operands.length !== arity) {
    throw new RangeError(`arithArray: ${op} takes ${arity} operand array(s); got ${Array.isArray(operands) ? operands.length : describe(operands)}`);
  }
  operands.forEach((x, k) => {
    if (!(x instanceof Float64Array || x instanceof Float32Array)) {
      throw new TypeError(`arithArray: operands[${k}] must be a Float64Array or Float32Array; got ${describe(x)}`);
    }
    if (x.length !== (operands[0] as Float64Array).length) {
      throw new RangeError(`arithArray: operands[${k}] has length ${x.length}; operands[0] has ${(operands[0] as Float64Array).length}`);
    }
  });
  return operands as Xs;
}
