import { checkRoundingMode, type RoundingMode } from '../../simulators/rounding/roundingMode.js';
import { handlerFor } from '../../simulators/registry.js';
import { parseCaseLine, type ParsedLine } from './caseLine.js';
import { codeText, flagDiff, flagLetters } from './describeCase.js';
import { isNaNCode, isSignalingNaNCode } from './codes.js';
import { expectedResult, type CaseResult } from './oracle.js';
import { srNeighbours } from './srNeighbours.js';
import { srReport, SrTally, type SrReport } from './srTally.js';
import type { ScalarSpec, TestOp } from './testOp.js';

/**
 * How NaN results are compared: by class (any quiet NaN matches a NaN result) or code for code.
 * @example
 * new CaseVerifier(testOp('add', 'float16'), { nanPayload: 'exact' satisfies NanPayloadRule })
 */
export type NanPayloadRule = 'class' | 'exact';

/**
 * Options of `CaseVerifier`.
 * @example
 * new CaseVerifier(testOp('fma', 'float8_e4m3fn'), { rounding: 'rne', ignoreFlags: true })
 */
export interface VerifyOptions {
  /** Rounding mode the unit used (default `rne`). */
  rounding?: RoundingMode;
  /** Compare results only, not flags. */
  ignoreFlags?: boolean;
  /** `class` (default) or `exact`: NaN results must then be lowbit's canonical quiet NaN code. */
  nanPayload?: NanPayloadRule;
  /** Level of the stochastic-rounding frequency test (default 0.001). */
  alpha?: number;
}

/**
 * Totals of a verified file.
 * @example
 * const v = new CaseVerifier(testOp('add', 'bfloat16'));
 * lines.forEach((l, i) => v.check(l, i + 1));
 * const { tests, errors }: VerifyReport = v.finish();
 */
export interface VerifyReport {
  tests: number;
  /** Mismatched lines, plus one when the sr frequency test fails. */
  errors: number;
  /** The stochastic-rounding frequency test, under `sr` when some case had two distinct neighbours. */
  sr?: SrReport;
}

/**
 * Checks a unit's results, one line at a time, against lowbit's oracle (the counterpart of `testfloat_ver`).
 * A line passes when its result code equals lowbit's (NaN by class: any quiet NaN matches, a signalling NaN result
 * never does, as TestFloat holds; `nanPayload: 'exact'` asks for the canonical code) and its flags equal lowbit's
 * (unless `ignoreFlags`). Under `sr` a result passes when it is one of the two neighbours with that neighbour's
 * flags; `finish` then tests the fraction rounded up against the exact probabilities (`SrTally`).
 * A result that is NaN in a format without NaN has no right code: such a line is always an error.
 * @example new CaseVerifier(testOp('add', 'float16')).check('3C00 1400 3C01 00', 1) // undefined (passes)
 */
export class CaseVerifier {
  private readonly mode: RoundingMode;
  private readonly tally = new SrTally();
  private tests = 0;
  private errors = 0;

  constructor(
    readonly t: TestOp,
    private readonly options: VerifyOptions = {},
  ) {
    this.mode = checkRoundingMode('CaseVerifier', 'rounding', options.rounding ?? 'rne');
    const modes = handlerFor(t.spec).modes;
    if (!modes.includes(this.mode)) throw new RangeError(`rounding: '${this.mode}' is not available for ${t.spec.kind} formats; allowed: ${modes.join(', ')}`);
    const rule = options.nanPayload ?? 'class';
    if (rule !== 'class' && rule !== 'exact') throw new RangeError(`nanPayload must be class or exact; got ${JSON.stringify(rule)}`);
    const alpha = options.alpha ?? 0.001;
    if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1); got ${alpha}`);
  }

  /**
   * Checks one line: undefined when it passes, else the mismatch described on one line.
   * @throws RangeError when the line is malformed (see `parseCaseLine`).
   */
  check(text: string, lineNo: number): string | undefined {
    const line = parseCaseLine(this.t, text, lineNo);
    this.tests++;
    const why = this.mode === 'sr' ? this.checkSr(line) : this.checkOne(line, expectedResult(this.t, line.operands, this.mode));
    if (why === undefined) return undefined;
    this.errors++;
    const ops = line.operands.map((c) => codeText(this.t.operandSpec, c)).join(' ');
    return `line ${lineNo}: ${this.t.op} ${ops}: ${why}`;
  }

  /** The totals; under `sr` also runs the frequency test, which counts as one error when it fails. */
  finish(): VerifyReport {
    const sr = this.tally.n > 0 ? srReport(this.tally, this.options.alpha ?? 0.001) : undefined;
    return { tests: this.tests, errors: this.errors + (sr && !sr.passed ? 1 : 0), sr };
  }

  private checkOne(line: ParsedLine, want: CaseResult): string | undefined {
    const spec = this.t.spec;
    if (want.code === undefined) {
      return `lowbit's result is NaN, which ${describeSpec(spec)} cannot encode: no code is right; got ${codeText(spec, line.code)}`;
    }
    const sameCode = this.sameResult(want.code, line.code);
    const sameFlags = this.options.ignoreFlags || want.flags === line.flags;
    if (sameCode && sameFlags) return undefined;
    const what = [sameCode ? '' : 'result differs', sameFlags ? '' : flagDiff(want.flags, line.flags)].filter(Boolean).join('; ');
    return `expected ${codeText(spec, want.code)} flags ${flagLetters(want.flags)}, got ${codeText(spec, line.code)} flags ${flagLetters(line.flags)} (${what})`;
  }

  private checkSr(line: ParsedLine): string | undefined {
    const nb = srNeighbours(this.t, line.operands);
    const isLo = nb.lo.code !== undefined && this.sameResult(nb.lo.code, line.code);
    const isHi = nb.hi.code !== undefined && this.sameResult(nb.hi.code, line.code);
    if (nb.pNum !== 0n && (isLo || isHi)) this.tally.add(Number((nb.pNum << 53n) / nb.pDen) / 2 ** 53, isHi);
    if (isLo && isHi) {
      // one code either way: the flags of either neighbour are right
      const a = this.checkOne(line, nb.lo);
      return a === undefined || this.checkOne(line, nb.hi) === undefined ? undefined : a;
    }
    if (isLo || isHi || nb.pNum === 0n) return this.checkOne(line, isHi ? nb.hi : nb.lo);
    const spec = this.t.spec;
    return `got ${codeText(spec, line.code)}, which is neither neighbour: ${codeText(spec, nb.lo.code!)} or ${codeText(spec, nb.hi.code!)} (p up = ${nb.pNum}/${nb.pDen})`;
  }

  private sameResult(want: bigint, got: bigint): boolean {
    const spec = this.t.spec;
    if (this.options.nanPayload === 'exact' || !isNaNCode(spec, want)) return want === got;
    return isNaNCode(spec, got) && !isSignalingNaNCode(spec, got);
  }
}

function describeSpec(spec: ScalarSpec): string {
  return spec.kind === 'float' ? `float(e=${spec.e},m=${spec.m},specials=${spec.specials})` : 'this format';
}
