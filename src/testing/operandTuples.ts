import { Rng } from '../../simulators/random/rng.js';
import { handlerFor } from '../../simulators/registry.js';
import { codeBits } from './codes.js';
import { coreCodes, specialCodes } from './specialCodes.js';
import { randomCode, randomInt } from './randomCode.js';
import { thresholdCase } from './thresholdCases.js';
import { tieCase } from './tieCases.js';
import type { ScalarSpec, TestOp } from './testOp.js';

/**
 * How thorough a generated file is: 1 (TestFloat's level 1 idea) or 2 (denser; exhaustive for small formats).
 * @example
 * generateTestCases(testOp('add', 'float8_e4m3fn'), { level: 2 satisfies TestLevel }) // exhaustive for 8 bits
 */
export type TestLevel = 1 | 2;

/** Sizes of the constructed and random blocks at level 1 (level 2 takes ten times as many). */
const LEVEL1 = { ties: 2000, thresholds: 4000, random: 10000 };

/**
 * True when level 2 enumerates every operand tuple: one-operand ops on formats of 16 bits or fewer, two-operand
 * ops on 8 bits or fewer, fma on 6 bits or fewer (on 7–8 bits: every (a, b) pair with c from `coreCodes`).
 */
export function isExhaustive(t: TestOp): boolean {
  const bits = codeBits(t.operandSpec);
  return t.arity === 1 ? bits <= 16 : bits <= 8;
}

/**
 * The operand tuples of a test file, in order: the special operands crossed (every pair for two-operand ops; for
 * fma every pair with a drawn third; one-operand ops the dense table, and a conversion the result format's special
 * values in the source format with their neighbours), then constructed ties and threshold cases, then random operands (for
 * two-operand ops half of them with the second close to the first, which makes cancellations and quotients near
 * 1). At level 2, formats small enough are swept exhaustively instead (`isExhaustive`), and larger ones get the
 * dense special table and ten times the constructed and random cases. Deterministic for a seed.
 * @example [...operandTuples(testOp('add', 'float8_e4m3fn'), 2, 1)].length // 65536
 */
export function* operandTuples(t: TestOp, level: TestLevel, seed: number): Generator<bigint[]> {
  const rng = new Rng(seed);
  if (level === 2 && isExhaustive(t)) {
    yield* exhaustive(t);
    return;
  }
  const s = t.operandSpec;
  const S = specialCodes(s, level === 2);
  const S1 = level === 2 ? specialCodes(s) : S;
  // one-operand ops can afford the dense table at level 1; a conversion also gets the result format's special
  // values as source codes, with their neighbours (the thresholds of the destination seen from the source)
  if (t.arity === 1) for (const a of unarySpecials(t, level)) yield [a];
  else if (t.arity === 2) for (const a of S) for (const b of S1) yield [a, b];
  else {
    const core = coreCodes(s);
    for (const a of core) for (const b of core) for (const c of core) yield [a, b, c];
    for (const a of S) for (const b of S1) yield [a, b, S1[randomInt(rng, S1.length)]!];
  }
  const k = level === 2 ? 10 : 1;
  yield* constructed(t, rng, LEVEL1.ties * k, tieCase);
  yield* constructed(t, rng, LEVEL1.thresholds * k, thresholdCase);
  for (let i = 0; i < LEVEL1.random * k; i++) {
    const a = randomCode(s, rng);
    if (t.arity === 1) yield [a];
    else if (t.arity === 2) yield [a, randomCode(s, rng, i % 2 ? a : undefined)];
    else yield [a, randomCode(s, rng), randomCode(s, rng, i % 2 ? a : undefined)];
  }
}

function unarySpecials(t: TestOp, level: TestLevel): bigint[] {
  const out = specialCodes(t.operandSpec, true);
  if (t.op === 'convert') {
    const h = handlerFor(t.operandSpec);
    const bits = codeBits(t.operandSpec);
    for (const c of specialCodes(t.spec, level === 2)) {
      const x = handlerFor(t.spec).decode(t.spec, c);
      if (Number.isNaN(x) || !h.isValue(t.operandSpec, x)) continue;
      const a = h.encode(t.operandSpec, x);
      for (const d of [-1n, 0n, 1n]) {
        const n = a + d;
        if (n >= 0n && n >> BigInt(bits) === 0n && h.isValue(t.operandSpec, h.decode(t.operandSpec, n))) out.push(n);
      }
    }
  }
  return [...new Set(out)];
}

/** Up to n tuples from a construction, trying at most 4n times (a construction may not fit the format). */
function* constructed(t: TestOp, rng: Rng, n: number, make: (t: TestOp, rng: Rng) => bigint[] | undefined): Generator<bigint[]> {
  let made = 0;
  for (let tries = 0; tries < 4 * n && made < n; tries++) {
    const c = make(t, rng);
    if (c) {
      made++;
      yield c;
    }
  }
}

function* exhaustive(t: TestOp): Generator<bigint[]> {
  const all = valueCodes(t.operandSpec);
  if (t.arity === 1) for (const a of all) yield [a];
  else if (t.arity === 2) for (const a of all) for (const b of all) yield [a, b];
  else {
    const third = codeBits(t.operandSpec) <= 6 ? all : coreCodes(t.operandSpec);
    for (const a of all) for (const b of all) for (const c of third) yield [a, b, c];
  }
}

/** Every code of the format that is a value (subnormal patterns of a format without subnormals are not). */
function valueCodes(spec: ScalarSpec): bigint[] {
  const h = handlerFor(spec);
  const out: bigint[] = [];
  const n = 2 ** codeBits(spec);
  for (let c = 0; c < n; c++) {
    const code = BigInt(c);
    if (h.isValue(spec, h.decode(spec, code))) out.push(code);
  }
  return out;
}
