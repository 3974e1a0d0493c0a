import fc from 'fast-check';
import type { FormatSpec } from '../../simulators/formats/formatSpec.js';
import type { QuantizedLine } from '../../simulators/formats/blockOps.js';
import { isSignalingNaNCode } from '../../simulators/codec.js';
import { quantizeBlocks } from '../../simulators/blockQuantize.js';
import { checkRoundingMode, type RoundingMode } from '../../simulators/rounding/roundingMode.js';
import { handlerFor } from '../../simulators/registry.js';
import { blockCount, blockTestOp, type BlockTestOp } from './blockTestOp.js';
import type { ParsedBlockLine } from './blockCaseLine.js';
import { blockVectorOf } from './blockVector.js';
import { valueText } from './describeCase.js';
import { checkBlockSr, compareBlockLine, type BlockWant } from './_block/blockCompare.js';
import { tensorScaleOf } from './_block/blockScales.js';
import { fromValue } from './_block/fromCodes.js';

/**
 * What a block unit returns: the dequantized values (`io: 'value'`, an array or `{ values }`), or the codes
 * (`io: 'code' | 'bigint'`): per block its scale code (`null` for the NaN scale of a format without a NaN code),
 * its zero-point code (`zeroPoint=on` formats) and per element its code.
 * @example
 * const r: BlockUnitResult = { scales: [0x7f], codes: [0x2, 0x4] }; // io: 'code', one block of two elements
 */
export type BlockUnitResult =
  | readonly number[]
  | { values?: readonly number[]; scales?: ReadonlyArray<number | bigint | null>; zeros?: ReadonlyArray<number | bigint>; codes?: ReadonlyArray<number | bigint> };

/**
 * One generated input vector, printed by fast-check as decoded values.
 * @example
 * String(new BlockUnitCase(blockTestOp('convert', 'mxfp4_e2m1', 'float32'), [0x3f800000n])) // 'convert([1])'
 */
export class BlockUnitCase {
  constructor(
    readonly bt: BlockTestOp,
    readonly codes: readonly bigint[],
  ) {}
  /** The vector as fast-check prints it in a counterexample: `convert([v0, v1, …])`, sNaN as `snan`. */
  [fc.toStringMethod](): string {
    return `convert([${this.codes.map((c) => (isSignalingNaNCode(this.bt.from, c) ? 'snan' : valueText(fromValue(this.bt.from, c)))).join(', ')}])`;
  }
}

/**
 * `checkUnit` for a block format (op `convert`, `from` the input format): a fast-check property over `blockVector`
 * inputs, comparing the unit's values (NaN by class, −0 apart from +0) or codes (as `lowbit verify` does, NaN blocks
 * by class) with lowbit's; under `sr` each element may be either neighbour. A failure names the vector and the
 * differing elements decoded.
 * @throws RangeError at once for a bad spec, from, op, rounding mode or io.
 * @example fc.assert(checkBlockUnit(myMxfp4, 'mxfp4_e2m1', 'convert', { from: 'float32' }))
 */
export function checkBlockUnit(
  unit: (xs: never) => BlockUnitResult,
  spec: string | FormatSpec,
  op: string,
  options: { from?: string | FormatSpec; rounding?: RoundingMode; io?: 'value' | 'code' | 'bigint' },
): fc.IPropertyWithHooks<[BlockUnitCase]> {
  const bt = blockTestOp(op, spec, options.from);
  const mode = checkRoundingMode('checkUnit', 'options.rounding', options.rounding ?? 'rne');
  if (!handlerFor(bt.spec).modes.includes(mode)) throw new RangeError(`checkUnit: rounding '${mode}' is not available for ${bt.spec.kind} formats`);
  checkBlockSr(bt, mode);
  const io = options.io ?? 'value';
  if (io !== 'value' && io !== 'code' && io !== 'bigint') throw new RangeError(`checkUnit: options.io must be value, code or bigint; got ${JSON.stringify(io)}`);
  if (io === 'code' && Math.max(handlerFor(bt.from).bits(bt.from), bt.scaleBits) > 32) throw new RangeError(`checkUnit: options.io 'code' passes codes as numbers (up to 32 bits); use 'bigint' for ${bt.name} from this input format`);
  const arb = blockVectorOf(bt, true)
    .filter((cs) => io !== 'value' || !cs.some((c) => isSignalingNaNCode(bt.from, c)))
    .map((cs) => new BlockUnitCase(bt, cs));
  const f = unit as unknown as (xs: unknown) => BlockUnitResult;
  return fc.property(arb, (c) => {
    const xs = c.codes.map((code) => ({ kind: 'code' as const, format: bt.from, code }));
    const q = quantizeBlocks(bt.spec, xs, { rounding: mode === 'sr' ? 'rtz' : mode });
    const away = mode === 'sr' ? quantizeBlocks(bt.spec, xs, { rounding: 'raz' }) : undefined;
    const args = c.codes.map((code) => (io === 'value' ? fromValue(bt.from, code) : io === 'code' ? Number(code) : code));
    const got = f(args);
    const why = io === 'value' ? valueMismatch(c, got, q, away) : codeMismatch(c, got, { q, away, tensorScale: tensorScaleOf(bt, c.codes.map((x) => fromValue(bt.from, x))) });
    if (why) throw new Error(`${bt.name} ${mode}: ${c[fc.toStringMethod]()}: ${why}`);
  });
}

function valueMismatch(c: BlockUnitCase, r: BlockUnitResult, q: QuantizedLine, away: QuantizedLine | undefined): string | undefined {
  const vals = Array.isArray(r) ? (r as readonly number[]) : (r as { values?: readonly number[] })?.values;
  if (!Array.isArray(vals) || vals.length !== c.codes.length) return `expected ${c.codes.length} values; got ${describe(vals)}`;
  const same = (a: number, b: number) => (Number.isNaN(a) ? Number.isNaN(b) : Object.is(a, b));
  const bad = vals.map((v, i) => i).filter((i) => !same(q.values[i]!, vals[i]!) && !(away && same(away.values[i]!, vals[i]!)));
  if (!bad.length) return undefined;
  const shown = bad.slice(0, 3).map((i) => {
    const alt = away && !same(away.values[i]!, q.values[i]!) ? ` or ${valueText(away.values[i]!)}` : '';
    return `x${i + 1} = ${valueText(fromValue(c.bt.from, c.codes[i]!))}: expected ${valueText(q.values[i]!)}${alt}, got ${typeof vals[i] === 'number' ? valueText(vals[i]!) : describe(vals[i])}`;
  });
  return shown.join(', ') + (bad.length > 3 ? `, and ${bad.length - 3} more of ${vals.length} differ` : '');
}

function codeMismatch(c: BlockUnitCase, r: BlockUnitResult, want: BlockWant): string | undefined {
  const bt = c.bt;
  const o = r as { scales?: unknown; zeros?: unknown; codes?: unknown };
  const nb = blockCount(bt, c.codes.length);
  const list = (x: unknown, n: number, what: string, nullOk: boolean): Array<bigint | undefined> | string => {
    if (!Array.isArray(x) || x.length !== n) return `expected ${n} ${what}; got ${describe(x)}`;
    for (const v of x) if (!((nullOk && v === null) || typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v) && v >= 0))) return `${what}: ${String(v)} is not a code`;
    return x.map((v) => (v === null ? undefined : BigInt(v as number | bigint)));
  };
  if (o === null || typeof o !== 'object') return `expected { scales, codes }; got ${describe(r)}`;
  const scales = list(o.scales, nb, 'scale codes', true);
  const codes = list(o.codes, c.codes.length, 'element codes', false);
  const zeros = bt.zeroPoint ? list(o.zeros, nb, 'zero-point codes', false) : [];
  for (const x of [scales, codes, zeros]) if (typeof x === 'string') return x;
  const line: ParsedBlockLine = { inputs: [...c.codes], scales: scales as Array<bigint | undefined>, zeros: bt.zeroPoint ? (zeros as bigint[]) : undefined, codes: codes as bigint[] };
  return compareBlockLine(bt, line, want, 'class');
}

function describe(x: unknown): string {
  if (Array.isArray(x)) return `an array of ${x.length}`;
  return x === null ? 'null' : typeof x === 'object' ? 'an object' : `${typeof x} ${String(x)}`;
}
