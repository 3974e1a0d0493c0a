import fc from 'fast-check';
import type { FormatSpec } from '../../simulators/formats/formatSpec.js';
import { formatToString, presetName } from '../../simulators/formats/parseFormat.js';
import { checkRoundingMode, type RoundingMode } from '../../simulators/rounding/roundingMode.js';
import { handlerFor } from '../../simulators/registry.js';
import { operands } from './arbitraries.js';
import { codeBits, codeValue, isNaNCode, isSignalingNaNCode } from './codes.js';
import { resultCode } from '../../simulators/codec.js';
import { codeText, flagDiff, flagLetters } from './describeCase.js';
import { expectedResult, type CaseResult } from './oracle.js';
import { srNeighbours } from './srNeighbours.js';
import { testOp, type TestOp } from './testOp.js';
import { blockSpecOf } from './blockTestOp.js';
import { checkBlockUnit, type BlockUnitCase, type BlockUnitResult } from './checkBlockUnit.js';

/**
 * What a unit returns: a result alone, or with the flags it raised (TestFloat's bitmask, see `CaseResult`).
 * @example
 * const myAdd: UnitFn = (a: number, b: number): UnitResult => ({ value: a + b, flags: 0 });
 */
export type UnitResult = number | bigint | { value?: number; code?: number | bigint; flags?: number };

/**
 * A unit under test: called with the operands as values (`io: 'value'`) or codes (`'code'`: numbers; `'bigint'`);
 * a block format's unit is called with one array, the input vector, and returns a `BlockUnitResult`.
 * @example
 * const unit: UnitFn = (a: bigint, b: bigint) => myFp8Adder(a, b); // with io: 'bigint'
 */
export type UnitFn = (...operands: never[]) => UnitResult | BlockUnitResult;

/**
 * Options of `checkUnit`.
 * @example
 * fc.assert(checkUnit(myConvert, 'float8_e4m3fn', 'convert', { from: 'float16', io: 'code' }))
 */
export interface CheckUnitOptions {
  /** Rounding mode the unit implements (default `rne`; `sr`: the result must be one of the two neighbours). */
  rounding?: RoundingMode;
  /** Operand format of `convert`. */
  from?: string | FormatSpec;
  /**
   * How the unit takes and gives numbers: `value` (default: doubles in, a double out; signalling NaNs are not
   * generated, as a JS number cannot carry one), `code` (codes as numbers, formats up to 32 bits) or `bigint`.
   */
  io?: 'value' | 'code' | 'bigint';
}

/**
 * One generated case, printed by fast-check as decoded values (`fc.toStringMethod`).
 * @example
 * // fast-check prints a failing case decoded: add(0.1015625, -inf)
 * fc.assert(checkUnit(myAdd, 'float8_e4m3fn', 'add'));
 */
export class UnitCase {
  constructor(
    readonly t: TestOp,
    readonly codes: readonly bigint[],
  ) {}
  /** How fast-check prints the case: the operation on decoded operands. */
  [fc.toStringMethod](): string {
    return `${this.t.op}(${this.codes.map((c) => codeText(this.t.operandSpec, c)).join(', ')})`;
  }
}

/**
 * A fast-check property that a unit computes the operation exactly as lowbit does, on operands from `operands`
 * (special operands, ties, thresholds, random). A failing case throws an Error that names the operands, lowbit's
 * result and the unit's, all decoded as values, and the flags letter by letter; fast-check shrinks it, and its
 * report shows the shrunk case decoded. Flags are compared when the unit returns them. NaN results match by class.
 * Run it with `fc.assert(checkUnit(...))` (any runner: vitest, jest, mocha, node:test).
 * A block format (mx, nvfp4, scaled) is checked on `convert` with `from` the input format: the unit quantizes one
 * input vector (see `checkBlockUnit`).
 * @throws RangeError at once for a bad spec, op, rounding mode or io.
 * @example fc.assert(checkUnit((a, b) => Math.fround(a + b), 'float32', 'add'))
 */
export function checkUnit(unit: UnitFn, spec: string | FormatSpec, op: string, options: CheckUnitOptions = {}): fc.IPropertyWithHooks<[UnitCase | BlockUnitCase]> {
  if (typeof unit !== 'function') throw new TypeError(`checkUnit: unit must be a function; got ${typeof unit}`);
  if (blockSpecOf(spec)) return checkBlockUnit(unit as (xs: never) => BlockUnitResult, spec, op, options) as fc.IPropertyWithHooks<[UnitCase | BlockUnitCase]>;
  const t = testOp(op, spec, options.from);
  const mode = checkRoundingMode('checkUnit', 'options.rounding', options.rounding ?? 'rne');
  if (!handlerFor(t.spec).modes.includes(mode)) throw new RangeError(`checkUnit: rounding '${mode}' is not available for ${t.spec.kind} formats`);
  const io = options.io ?? 'value';
  if (io !== 'value' && io !== 'code' && io !== 'bigint') throw new RangeError(`checkUnit: options.io must be value, code or bigint; got ${JSON.stringify(io)}`);
  if (io === 'code' && Math.max(codeBits(t.spec), codeBits(t.operandSpec)) > 32) {
    throw new RangeError(`checkUnit: options.io 'code' passes codes as numbers (up to 32 bits); use 'bigint' for ${name(t.spec)}`);
  }
  const arb = operands(t.spec, t.op, { from: options.from })
    .filter((cs) => io !== 'value' || !cs.some((c) => isSignalingNaNCode(t.operandSpec, c)))
    .map((cs) => new UnitCase(t, cs));
  const f = unit as unknown as (...xs: unknown[]) => UnitResult;
  const prop = fc.property(arb, (c) => {
    const args = c.codes.map((code) => (io === 'value' ? codeValue(t.operandSpec, code) : io === 'code' ? Number(code) : code));
    const got = readResult(t, f(...args), io);
    const wants = mode === 'sr' ? srWants(t, c.codes) : [expectedResult(t, c.codes, mode)];
    const why = mismatch(t, wants, got);
    if (why) throw new Error(`${name(t.spec)} ${mode}: ${c[fc.toStringMethod]()}: ${why}`);
  });
  // a property only ever runs on the values its arbitrary generates: widening the case type is safe
  return prop as unknown as fc.IPropertyWithHooks<[UnitCase | BlockUnitCase]>;
}

function srWants(t: TestOp, codes: readonly bigint[]): CaseResult[] {
  const nb = srNeighbours(t, codes);
  return nb.lo.code === nb.hi.code ? [nb.lo] : [nb.lo, nb.hi];
}

function name(spec: TestOp['spec']): string {
  return presetName(spec) ?? formatToString(spec);
}

/** The unit's answer as a code (undefined: not a value of the format) and flags (undefined: not reported). */
function readResult(t: TestOp, r: UnitResult, io: string): { code: bigint | undefined; text: string; flags?: number } {
  const obj = typeof r === 'object' && r !== null ? r : undefined;
  const flags = obj?.flags;
  const raw = obj ? (io === 'value' ? obj.value : obj.code) : r;
  const h = handlerFor(t.spec);
  if (io === 'value') {
    if (typeof raw !== 'number') return { code: undefined, text: `a ${typeof raw} (expected a number)`, flags };
    if (Number.isNaN(raw)) return { code: resultCode(t.spec, NaN), text: 'nan', flags };
    if (!h.isValue(t.spec, raw)) return { code: undefined, text: `${raw}, which is not a value of ${name(t.spec)}`, flags };
    const code = h.encode(t.spec, raw);
    return { code, text: codeText(t.spec, code), flags };
  }
  if ((typeof raw !== 'number' && typeof raw !== 'bigint') || (typeof raw === 'number' && !Number.isInteger(raw))) {
    return { code: undefined, text: `${String(raw)} (expected an integer code)`, flags };
  }
  const code = BigInt(raw);
  if (code < 0n || code >> BigInt(codeBits(t.spec)) !== 0n) return { code: undefined, text: `${raw}, out of range for a ${codeBits(t.spec)}-bit code`, flags };
  return { code, text: codeText(t.spec, code), flags };
}

function mismatch(t: TestOp, wants: CaseResult[], got: { code: bigint | undefined; text: string; flags?: number }): string | undefined {
  const same = (w: CaseResult): boolean =>
    w.code !== undefined && got.code !== undefined && (isNaNCode(t.spec, w.code) ? isNaNCode(t.spec, got.code) && !isSignalingNaNCode(t.spec, got.code) : w.code === got.code);
  const w = wants.find(same);
  if (w && (got.flags === undefined || got.flags === w.flags)) return undefined;
  const shown = w ?? wants[0]!;
  const expected = wants.map((x) => (x.code === undefined ? 'nan (no code in this format)' : codeText(t.spec, x.code))).join(' or ');
  const flagPart = got.flags === undefined ? '' : ` flags ${flagLetters(got.flags)}`;
  const diff = w ? flagDiff(shown.flags, got.flags!) : 'result differs';
  return `expected ${expected} flags ${flagLetters(shown.flags)}, got ${got.text}${flagPart} (${diff})`;
}
