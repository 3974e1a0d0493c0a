import { describe, expect, it } from 'vitest';
import { parseFormat } from '../../../simulators/formats/parseFormat.js';
import type { FormatSpec } from '../../../simulators/formats/formatSpec.js';
import { arith, ARITH_ARITY, type ArithOp } from '../../../simulators/arith/arith.js';
import { arithArray } from '../../../simulators/arith/arithArray.js';
import { decode } from '../../../simulators/codec.js';
import { handlerFor } from '../../../simulators/registry.js';
import { Rng } from '../../../simulators/random/rng.js';
import { hexToF64, pow2 } from '../../../simulators/_internal/bits.js';
import { DETERMINISTIC_MODES, type RoundingMode } from '../../../simulators/rounding/roundingMode.js';
import { setWasmArith } from '../../../simulators/fastpath/arithWasm.js';
import { setArithScalarFast } from '../../../simulators/fastpath/arithScalar.js';
import { fixedSpecString, floatSpecString, readJson, readJsonl, type FixedFormatParams, type FloatFormatParams } from '../_vectors.js';

const OPS = Object.keys(ARITH_ARITY) as ArithOp[];
const same = (x: number, y: number): boolean => Object.is(x, y) || (Number.isNaN(x) && Number.isNaN(y));

/**
 * First mismatches between arithArray and a loop of scalar arith calls (sharing one generator under sr), the
 * scalar calls on the exact BigInt path (their double fast path off), so that the two paths are independent.
 */
function compare(op: ArithOp, spec: FormatSpec, xs: Float64Array[], mode: RoundingMode, seed = 7): string[] {
  const opts = mode === 'sr' ? { rounding: mode, seed } : { rounding: mode };
  const got = arithArray(op, spec, xs, { ...opts, flags: true });
  const was = setArithScalarFast(false);
  try {
    return compareScalar(op, spec, xs, mode, seed, got);
  } finally {
    setArithScalarFast(was);
  }
}

function compareScalar(op: ArithOp, spec: FormatSpec, xs: Float64Array[], mode: RoundingMode, seed: number, got: ReturnType<typeof arithArray>): string[] {
  const rng = new Rng(seed);
  const bad: string[] = [];
  for (let i = 0; i < xs[0]!.length && bad.length < 5; i++) {
    const ops = xs.map((x) => x[i]!);
    const want = arith(op, spec, ops, mode === 'sr' ? { rounding: mode, rng } : { rounding: mode });
    if (!same(got.values[i]!, want.value) || got.flags![i] !== want.flags) {
      bad.push(`${op} ${mode} [${ops.join(', ')}]: got ${got.values[i]} flags ${got.flags![i]}, want ${want.value} flags ${want.flags}`);
    }
  }
  return bad;
}

/** Values of the format (random codes), some non-values, specials and wide exponent gaps. */
function operands(spec: FormatSpec, n: number, rng: Rng): Float64Array {
  const h = handlerFor(spec);
  const bits = h.bits(spec);
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const k = rng.uint32() % 16;
    if (k === 0) xs[i] = [0, -0, Infinity, -Infinity, NaN, 1, -1][rng.uint32() % 7]!;
    else if (k === 1) xs[i] = (rng.uniform() - 0.5) * 2 ** ((rng.uint32() % 40) - 20); // mostly not in the format
    else {
      const code = bits <= 32 ? BigInt(rng.uint32() % 2 ** bits) : (BigInt(rng.uint32()) << 32n) | BigInt(rng.uint32());
      xs[i] = decode(spec, code);
    }
  }
  return xs;
}

const FORMATS = [
  'float16',
  'bfloat16',
  'float32',
  'float8_e4m3fn',
  'float8_e5m2',
  'float8_e4m3fnuz',
  'float(e=3,m=2,subnormals=off)',
  'float(e=5,m=10,subnormals=ftz)',
  'float(e=6,m=9)',
  'float(e=8,m=0,specials=none,overflow=saturate)',
  'float64',
  'fixed(w=8,f=4)',
  'fixed(w=8,f=4,overflow=wrap)',
  'ufixed(w=8,f=8)',
  'fixed(w=32,f=16,overflow=wrap)',
  'fixed(w=24,f=0,overflow=wrap)',
  'fixed(w=6,f=-2)',
];

describe.each([true, false])('arithArray equals scalar arith (WebAssembly kernels %s)', (wasm) => {
  describe.each(FORMATS)('%s', (text) => {
    const spec = parseFormat(text);
    // the WebAssembly kernel serves rne only; the other modes take the JS path either way
    const modes: RoundingMode[] = wasm ? ['rne'] : [...handlerFor(spec).modes.filter((m) => m !== 'log')];
    it('on random operands, every op and mode, flags included', () => {
      const was = setWasmArith(wasm);
      try {
        const rng = new Rng(text.length);
        const bad: string[] = [];
        for (const op of OPS) {
          const xs = Array.from({ length: ARITH_ARITY[op] }, () => operands(spec, 300, rng));
          for (const mode of modes) bad.push(...compare(op, spec, xs, mode));
        }
        expect(bad.slice(0, 10)).toEqual([]);
      } finally {
        setWasmArith(was);
      }
    });
  });
});

interface FloatRow {
  kind: string;
  op?: ArithOp;
  a64?: string;
  b64?: string;
  c64?: string;
}

/** Every op line of one oracle file as operand columns, per op. */
function columns(rows: Array<{ op?: ArithOp; ops: number[] }>): Map<ArithOp, Float64Array[]> {
  const by = new Map<ArithOp, number[][]>();
  for (const r of rows) {
    if (!r.op) continue;
    if (!by.has(r.op)) by.set(r.op, []);
    by.get(r.op)!.push(r.ops);
  }
  return new Map([...by].map(([op, list]) => [op, list[0]!.map((_, k) => Float64Array.from(list, (o) => o[k]!))]));
}

const MODES: RoundingMode[] = [...DETERMINISTIC_MODES, 'sr'];

describe('arithArray equals scalar arith on every op line of the oracle vectors', () => {
  const floats = readJson<Record<string, FloatFormatParams>>('formats.json');
  it.each(Object.entries(floats))('%s, all modes', (name, params) => {
    const spec = parseFormat(floatSpecString(params));
    const rows = readJsonl<FloatRow>(`${name}.ops.jsonl`).filter((r) => r.kind === 'op');
    const cols = columns(rows.map((r) => ({ op: r.op, ops: [r.a64, r.b64, r.c64].filter((x): x is string => x !== undefined).map(hexToF64) })));
    const bad: string[] = [];
    for (const [op, xs] of cols) for (const mode of MODES) bad.push(...compare(op, spec, xs, mode));
    expect(bad.slice(0, 10)).toEqual([]);
  });
  const fixed = readJson<Record<string, FixedFormatParams>>('fixed/formats.json');
  it.each(Object.entries(fixed))('fixed %s, all modes', (name, params) => {
    const spec = parseFormat(fixedSpecString(params));
    const f = (spec as { f: number }).f;
    const rows = readJsonl<{ kind: string; op?: ArithOp; a?: string; b?: string }>(`fixed/${name}.jsonl`).filter((r) => r.kind === 'fx_op');
    const cols = columns(rows.map((r) => ({ op: r.op, ops: [Number(r.a) * pow2(-f), Number(r.b) * pow2(-f)] })));
    const bad: string[] = [];
    for (const [op, xs] of cols) for (const mode of MODES) bad.push(...compare(op, spec, xs, mode));
    expect(bad.slice(0, 10)).toEqual([]);
  });
});

describe('arithArray', () => {
  it('serves Float32Array operands, writes into out, and keeps draws in element order under sr', () => {
    const a = new Float32Array([1, 2.5, 3]);
    const b = new Float32Array([2 ** -11, 1, 1e-4]);
    const out = new Float64Array(3);
    const r = arithArray('add', 'float16', [a, b], { out });
    expect(r.values).toBe(out);
    expect([...out]).toEqual([1, 3.5, 3]);
    const s1 = arithArray('div', 'bfloat16', [new Float64Array(64).fill(1), new Float64Array(64).fill(3)], { rounding: 'sr', seed: 3 });
    const s2 = arithArray('div', 'bfloat16', [new Float64Array(64).fill(1), new Float64Array(64).fill(3)], { rounding: 'sr', seed: 3 });
    expect(s1.values).toEqual(s2.values);
    expect(new Set(s1.values).size).toBe(2);
  });
  it('rejects bad input, naming the argument', () => {
    const x = new Float64Array(2);
    expect(() => arithArray('pow' as ArithOp, 'float16', [x, x])).toThrow(/arithArray: op must be one of add, sub, mul, div, sqrt, fma; got "pow"/);
    expect(() => arithArray('add', 'binary', [x, x])).toThrow(/arithArray: format must be a float or fixed format/);
    expect(() => arithArray('add', 'float16', [x])).toThrow(/arithArray: add takes 2 operand array\(s\); got 1/);
    expect(() => arithArray('add', 'float16', [x, [1, 2] as unknown as Float64Array])).toThrow(/operands\[1\] must be a Float64Array or Float32Array/);
    expect(() => arithArray('add', 'float16', [x, new Float64Array(3)])).toThrow(/operands\[1\] has length 3; operands\[0\] has 2/);
    expect(() => arithArray('add', 'float16', [x, x], { rounding: 'sr' })).toThrow(/needs options.seed/);
    expect(() => arithArray('add', 'float16', [x, x], { out: new Float64Array(1) })).toThrow(/options.out must be a Float64Array of length 2/);
    expect(() => arithArray('add', 'float16', [x, x], { round: 'rne' } as never)).toThrow(/unknown option 'round'/);
    expect(() => arithArray('add', 'nope', [x, x])).toThrow(/nope/);
  });
});
