import type { QuantizedLine } from '../../../simulators/formats/blockOps.js';
import { isSignalingNaNCode } from '../../../simulators/codec.js';
import type { FormatSpec } from '../../../simulators/formats/formatSpec.js';
import { blockCount, blockRange, type BlockTestOp } from '../blockTestOp.js';
import type { ParsedBlockLine } from '../blockCaseLine.js';
import { blockToken } from '../blockCaseLine.js';
import { valueText } from '../describeCase.js';
import { blockValues, scaleOfCode } from './blockScales.js';
import { fromValue } from './fromCodes.js';

/**
 * Compares a unit's block line with lowbit's, block by block, and describes the differences with decoded values.
 * A block passes when its scale code, zero-point code and element codes equal lowbit's. A NaN block (lowbit's scale
 * is NaN) is compared by class: any quiet NaN scale code passes, whatever the element codes (`exact`: lowbit's codes,
 * its NaN scale code and zero elements). Under `sr` an element passes when it is one of its two neighbours.
 */

/** What a block line should hold: lowbit's line, and under `sr` the other neighbour of each element. */
export interface BlockWant {
  q: QuantizedLine;
  /** `sr`: the element codes rounded away from zero (q then holds those rounded toward zero). */
  away?: QuantizedLine;
  tensorScale: number;
}

/** How NaN blocks are compared. */
export type BlockNanRule = 'class' | 'exact';

/** Up to this many differing elements are listed per block, and this many blocks per line. */
const SHOW_ELEMENTS = 3;
const SHOW_BLOCKS = 2;

/** The differences of a line, described on one line; undefined when it passes. `onElement` sees every sr choice. */
export function compareBlockLine(
  bt: BlockTestOp,
  got: ParsedBlockLine,
  want: BlockWant,
  rule: BlockNanRule,
  onElement?: (i: number, up: boolean) => void,
): string | undefined {
  const n = got.inputs.length;
  const parts: string[] = [];
  let bad = 0;
  for (let b = 0; b < blockCount(bt, n); b++) {
    const why = compareBlock(bt, got, want, rule, b, onElement);
    if (why === undefined) continue;
    if (++bad <= SHOW_BLOCKS) parts.push(why);
  }
  if (bad === 0) return undefined;
  if (bad > SHOW_BLOCKS) parts.push(`and ${bad - SHOW_BLOCKS} more block(s) differ`);
  return parts.join('; ');
}

function compareBlock(bt: BlockTestOp, got: ParsedBlockLine, want: BlockWant, rule: BlockNanRule, b: number, onElement?: (i: number, up: boolean) => void): string | undefined {
  const n = got.inputs.length;
  const [lo, hi] = blockRange(bt, n, b);
  const q = want.q;
  const head = bt.K === undefined ? 'block' : `block ${b + 1} (x${lo + 1}..x${hi})`;
  const wantScale = q.scaleCodes[b];
  const gotScale = got.scales[b];
  const gotZero = got.zeros?.[b];
  const wantNan = Number.isNaN(q.scales[b]!);
  const out: string[] = [];
  if (wantNan && rule === 'class') {
    if (isQuietNaNScale(bt, gotScale)) return undefined;
    return `${head}: scale expected a NaN (${scaleText(bt, wantScale)}), got ${scaleText(bt, gotScale)}`;
  }
  if (wantScale !== gotScale) out.push(`scale expected ${scaleText(bt, wantScale)}, got ${scaleText(bt, gotScale)}`);
  if (bt.zeroPoint && q.zeroCodes![b] !== gotZero) out.push(`zero point expected ${blockToken(q.zeroCodes![b], bt.elemBits)}, got ${blockToken(gotZero, bt.elemBits)}`);
  const diffs: number[] = [];
  for (let i = lo; i < hi; i++) {
    const c = got.codes[i]!;
    const w = q.codes[i];
    const a = want.away?.codes[i];
    if (c === w || (a !== undefined && c === a)) {
      if (a !== undefined && a !== w) onElement?.(i, c === a);
      continue;
    }
    diffs.push(i);
  }
  if (!out.length && !diffs.length) return undefined;
  const gotVals = blockValues(bt, gotScale, gotZero, diffs.slice(0, SHOW_ELEMENTS).map((i) => got.codes[i]!), want.tensorScale);
  diffs.slice(0, SHOW_ELEMENTS).forEach((i, k) => {
    const x = inputText(bt, got.inputs[i]!);
    const w = `${blockToken(q.codes[i], bt.elemBits)} (${valueText(q.values[i]!)})`;
    const alt = want.away && want.away.codes[i] !== q.codes[i] ? ` or ${blockToken(want.away.codes[i], bt.elemBits)} (${valueText(want.away.values[i]!)})` : '';
    const g = gotVals[k];
    out.push(`x${i + 1} = ${x}: expected ${w}${alt}, got ${blockToken(got.codes[i], bt.elemBits)} (${g === undefined ? 'not a value: bad scale code' : valueText(g)})`);
  });
  if (diffs.length > SHOW_ELEMENTS) out.push(`and ${diffs.length - SHOW_ELEMENTS} more element(s) of ${hi - lo} differ`);
  return `${head}: ${out.join(', ')}`;
}

/**
 * Checks that stochastic rounding of the block's elements can be verified: the element rounded toward and away from
 * zero must be its two sr neighbours, as for float, fixed and pow2 elements; binary and ternary elements round by a
 * threshold (their sr is a Bernoulli draw between ±S, or 0 and ±S) and are not checked under `sr`.
 * @throws RangeError naming the element kind.
 */
export function checkBlockSr(bt: BlockTestOp, mode: string): void {
  const kind = bt.ops.elementSpec(bt.spec).kind;
  if (mode === 'sr' && kind !== 'float' && kind !== 'fixed' && kind !== 'pow2') {
    throw new RangeError(`rounding: 'sr' is checked for float, fixed and pow2 elements; ${bt.name} has ${kind} elements (use a deterministic mode)`);
  }
}

/** True when a scale code (undefined: the `NAN` token) is a quiet NaN of the block's scale format. */
function isQuietNaNScale(bt: BlockTestOp, code: bigint | undefined): boolean {
  const s = scaleOfCode(bt, code);
  if (s === undefined || !Number.isNaN(s)) return false;
  const scale = (bt.spec as FormatSpec & { scale?: FormatSpec }).scale;
  return code === undefined || !(bt.spec.kind === 'scaled' && scale!.kind === 'float' && isSignalingNaNCode(scale!, code));
}

function scaleText(bt: BlockTestOp, code: bigint | undefined): string {
  const s = scaleOfCode(bt, code);
  // an E8M0 scale reads best as the power of two it is
  const v = s === undefined ? 'not a scale code' : bt.spec.kind === 'mx' && s > 0 ? `2^${Number(code) - 127}` : valueText(s);
  return `${blockToken(code, bt.scaleBits)} (${v})`;
}

function inputText(bt: BlockTestOp, code: bigint): string {
  return isSignalingNaNCode(bt.from, code) ? 'snan' : valueText(fromValue(bt.from, code));
}
