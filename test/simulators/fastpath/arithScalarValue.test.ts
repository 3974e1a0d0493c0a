import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { add, arith, div, fma, mul, parseFormat, sqrt, sub } from '../../../simulators/index.js';
import { setArithScalarFast } from '../../../simulators/fastpath/arithScalar.js';

/**
 * The one-value helpers (add, sub, mul, div, sqrt, fma) take their own fast path (no operand array, no result
 * object); they must return exactly `arith(...).value` of the exact BigInt path, for members and non-members of
 * the format, in every deterministic mode, and reject bad arguments as `arith` does.
 */
const FORMATS = ['float16', 'bfloat16', 'float8_e4m3fn', 'float8_e5m2', 'float(e=5,m=10,subnormals=off)', 'fixed(w=8,f=4)', 'fixed(w=12,f=6,overflow=wrap)'];
const MODES = ['rne', 'rna', 'rhu', 'rtz', 'raz', 'rup', 'rdn', 'rto'] as const;
const same = (x: number, y: number): boolean => Object.is(x, y) || (Number.isNaN(x) && Number.isNaN(y));

function exact<T>(f: () => T): T {
  setArithScalarFast(false);
  try {
    return f();
  } finally {
    setArithScalarFast(true);
  }
}

describe('scalar helpers on their fast path', () => {
  it.each(FORMATS)('%s: add/sub/mul/div/sqrt/fma equal the exact path in every deterministic mode', (fmt) => {
    const spec = parseFormat(fmt);
    // members of the format (quantized doubles) and arbitrary doubles (which arith converts first)
    const member = fc.double({ min: -300, max: 300, noNaN: true }).map((x) => arith('add', spec, [x, 0]).value);
    const operand = fc.oneof(member, member, fc.double({ min: -1e3, max: 1e3, noNaN: true }));
    fc.assert(
      fc.property(operand, operand, operand, fc.constantFrom(...MODES), (a, b, c, rounding) => {
        const o = { rounding };
        const cases: Array<[number, () => number]> = [
          [add(spec, a, b, o), () => arith('add', spec, [a, b], o).value],
          [sub(spec, a, b, o), () => arith('sub', spec, [a, b], o).value],
          [mul(spec, a, b, o), () => arith('mul', spec, [a, b], o).value],
          [div(spec, a, b, o), () => arith('div', spec, [a, b], o).value],
          [sqrt(spec, Math.abs(a), o), () => arith('sqrt', spec, [Math.abs(a)], o).value],
          [fma(spec, a, b, c, o), () => arith('fma', spec, [a, b, c], o).value],
        ];
        for (const [got, want] of cases) if (!same(got, exact(want))) return false;
        return true;
      }),
      { seed: 14, numRuns: 400 },
    );
  });

  it('rejects what arith rejects: a non-float format, a bad mode', () => {
    expect(() => add(parseFormat('binary'), 1, 1)).toThrow(/arith: format kind must be float or fixed; got binary/);
    expect(() => add(parseFormat('float16'), 1, 1, { rounding: 'nearest' as never })).toThrow(/rounding/);
  });
});
