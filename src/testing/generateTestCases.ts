import { Rng } from '../../simulators/random/rng.js';
import { checkRoundingMode, type RoundingMode } from '../../simulators/rounding/roundingMode.js';
import { handlerFor } from '../../simulators/registry.js';
import { uBelow } from '../../simulators/_internal/magnitude.js';
import { expectedResult, type CaseResult } from './oracle.js';
import { operandTuples, type TestLevel } from './operandTuples.js';
import { srNeighbours } from './srNeighbours.js';
import type { TestOp } from './testOp.js';

/**
 * One test case: operand codes and lowbit's result.
 * @example
 * for (const { operands, result } of generateTestCases(testOp('sqrt', 'float16'), { count: 10 })) console.log(operands, result.code);
 */
export interface TestCase {
  operands: bigint[];
  result: CaseResult;
}

/**
 * Options of `generateTestCases`.
 * @example
 * generateTestCases(testOp('add', 'bfloat16'), { level: 2, seed: 7, rounding: 'rtz' })
 */
export interface GenerateOptions {
  /** 1 (default) or 2. */
  level?: TestLevel;
  /** Seed of the operand and stochastic-rounding draws (default 1). */
  seed?: number;
  /** Largest number of cases (default: all). */
  count?: number;
  /** Rounding mode of every case (default `rne`). */
  rounding?: RoundingMode;
  /** Keeps only the cases whose operands pass (a slice of the file; results are computed for those only). */
  only?: (operands: readonly bigint[]) => boolean;
}

/**
 * The cases of a file and how many were left out because their result has no code.
 * @example
 * const cases: TestCaseStream = generateTestCases(testOp('div', 'float(e=4,m=3,specials=none)'));
 * [...cases].length; cases.skipped // NaN results the format cannot encode
 */
export interface TestCaseStream extends Iterable<TestCase> {
  /** Cases left out so far: a NaN result in a format that encodes no NaN (`specials=none`). */
  readonly skipped: number;
}

/**
 * Test cases for an operation, as `lowbit testgen` writes them: operands from `operandTuples` (special operands,
 * ties, threshold cases, random ones; exhaustive at level 2 for small formats), each with lowbit's exact result
 * in the rounding mode. Under `sr` each case draws u from a generator seeded apart from the operands and takes the
 * upper neighbour when u < p (`srNeighbours`), as `arith` does. Same seed, same cases.
 * @throws RangeError for a bad level, seed, count or rounding mode.
 * @example [...generateTestCases(testOp('add', 'float16'), { count: 1 })][0] // { operands: [0n, 0n], result: { code: 0n, value: 0, flags: 0 } }
 */
export function generateTestCases(t: TestOp, options: GenerateOptions = {}): TestCaseStream {
  const level = options.level ?? 1;
  if (level !== 1 && level !== 2) throw new RangeError(`level must be 1 or 2; got ${JSON.stringify(level)}`);
  const seed = options.seed ?? 1;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer; got ${seed}`);
  const count = options.count ?? Infinity;
  if (!(count === Infinity || (Number.isSafeInteger(count) && count >= 0))) {
    throw new RangeError(`count must be a non-negative integer; got ${count}`);
  }
  const mode = checkRoundingMode('generateTestCases', 'rounding', options.rounding ?? 'rne');
  const modes = handlerFor(t.spec).modes;
  if (!modes.includes(mode)) throw new RangeError(`rounding: '${mode}' is not available for ${t.spec.kind} formats; allowed: ${modes.join(', ')}`);
  const stream = {
    skipped: 0,
    *[Symbol.iterator](): Iterator<TestCase> {
      const root = new Rng(seed);
      const tupleSeed = root.uint32();
      const draws = new Rng(root.uint32());
      let n = 0;
      if (n >= count) return;
      const only = options.only;
      for (const operands of operandTuples(t, level, tupleSeed)) {
        if (only && !only(operands)) {
          if (mode === 'sr') draws.uniform(); // the same draw per case as in the whole file
          continue;
        }
        const result = mode === 'sr' ? srPick(t, operands, draws.uniform()) : expectedResult(t, operands, mode);
        if (result.code === undefined) {
          stream.skipped++;
          continue;
        }
        yield { operands, result };
        if (++n >= count) return;
      }
    },
  };
  return stream;
}

/** The stochastic result of a case for the draw u: the upper neighbour when u < p exactly. */
function srPick(t: TestOp, operands: readonly bigint[], u: number): CaseResult {
  const s = srNeighbours(t, operands);
  return s.pNum !== 0n && uBelow(u, s.pNum, s.pDen) ? s.hi : s.lo;
}
