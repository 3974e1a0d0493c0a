import { quantizeBlocks } from '../../simulators/blockQuantize.js';
import type { ExactInput } from '../../simulators/exactInput.js';
import { checkRoundingMode, type RoundingMode } from '../../simulators/rounding/roundingMode.js';
import { handlerFor } from '../../simulators/registry.js';
import { parseBlockLine } from './blockCaseLine.js';
import type { BlockTestOp } from './blockTestOp.js';
import type { VerifyOptions, VerifyReport } from './caseVerifier.js';
import { srReport, SrTally } from './srTally.js';
import { checkBlockSr, compareBlockLine, type BlockWant } from './_block/blockCompare.js';
import { tensorScaleOf } from './_block/blockScales.js';
import { fromValue } from './_block/fromCodes.js';
import { qOf } from './_internal/rational.js';

/**
 * Checks a unit's block results, one test line at a time (`blockCaseLine.ts`), against lowbit's quantization of the
 * line's inputs: scale codes, zero points and element codes must be lowbit's (NaN blocks by class, see
 * `compareBlockLine`). A mismatch is described on one line with the inputs, the expected and the got codes and
 * their values (scale × element; NVFP4 with lowbit's per-tensor scale, which is not on the line). Block lines carry
 * no flags: `ignoreFlags` changes nothing. Under `sr` each element must be one of its two neighbours, and `finish`
 * tests the fraction rounded away from zero against the exact probabilities over all elements (`SrTally`), as for
 * scalars.
 * @example new BlockVerifier(blockTestOp('convert', 'mxfp4_e2m1', 'float32')).check('3F800000 7D 6', 1) // undefined: 1 = 4 × 2^-2
 */
export class BlockVerifier {
  private readonly mode: RoundingMode;
  private readonly tally = new SrTally();
  private tests = 0;
  private errors = 0;

  constructor(
    readonly bt: BlockTestOp,
    private readonly options: VerifyOptions = {},
  ) {
    this.mode = checkRoundingMode('BlockVerifier', 'rounding', options.rounding ?? 'rne');
    const modes = handlerFor(bt.spec).modes;
    if (!modes.includes(this.mode)) throw new RangeError(`rounding: '${this.mode}' is not available for ${bt.spec.kind} formats; allowed: ${modes.join(', ')}`);
    checkBlockSr(bt, this.mode);
    const rule = options.nanPayload ?? 'class';
    if (rule !== 'class' && rule !== 'exact') throw new RangeError(`nanPayload must be class or exact; got ${JSON.stringify(rule)}`);
    const alpha = options.alpha ?? 0.001;
    if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1); got ${alpha}`);
  }

  /**
   * Checks one line: undefined when it passes, else the mismatch described on one line.
   * @throws RangeError when the line is malformed (see `parseBlockLine`).
   */
  check(text: string, lineNo: number): string | undefined {
    const bt = this.bt;
    const line = parseBlockLine(bt, text, lineNo);
    this.tests++;
    const xs: ExactInput[] = line.inputs.map((code) => ({ kind: 'code', format: bt.from, code }));
    const doubles = line.inputs.map((c) => fromValue(bt.from, c));
    const sr = this.mode === 'sr';
    const q = quantizeBlocks(bt.spec, xs, { rounding: sr ? 'rtz' : this.mode });
    const want: BlockWant = { q, away: sr ? quantizeBlocks(bt.spec, xs, { rounding: 'raz' }) : undefined, tensorScale: tensorScaleOf(bt, doubles) };
    const onElement = (i: number, up: boolean) => this.tally.add(awayProbability(doubles[i]!, q.values[i]!, want.away!.values[i]!), up);
    const why = compareBlockLine(bt, line, want, this.options.nanPayload ?? 'class', sr ? onElement : undefined);
    if (why === undefined) return undefined;
    this.errors++;
    return `line ${lineNo}: ${bt.op} ${line.inputs.length} input(s): ${why}`;
  }

  /** The totals; under `sr` also runs the frequency test, which counts as one error when it fails. */
  finish(): VerifyReport {
    const sr = this.tally.n > 0 ? srReport(this.tally, this.options.alpha ?? 0.001) : undefined;
    return { tests: this.tests, errors: this.errors + (sr && !sr.passed ? 1 : 0), sr };
  }
}

/**
 * The probability that stochastic rounding takes the neighbour away from zero: (|x| − |lo|) / (|away| − |lo|), with
 * lo and away the two dequantized neighbours (scale × element, exact doubles), computed exactly.
 */
function awayProbability(x: number, lo: number, away: number): number {
  const a = qOf(Math.abs(x));
  const l = qOf(Math.abs(lo));
  const h = qOf(Math.abs(away));
  const num = (a.n * l.d - l.n * a.d) * h.d;
  const den = (h.n * l.d - l.n * h.d) * a.d;
  return Number((num << 53n) / den) / 2 ** 53;
}
