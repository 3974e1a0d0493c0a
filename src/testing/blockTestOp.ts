import type { FloatSpec, FormatSpec } from '../../simulators/formats/formatSpec.js';
import type { BlockOps } from '../../simulators/formats/blockOps.js';
import { formatToString, parseFormat, presetName } from '../../simulators/formats/parseFormat.js';
import { quantizeBlocks } from '../../simulators/blockQuantize.js';
import { handlerFor } from '../../simulators/registry.js';
import { scalarSpec } from './testOp.js';

/**
 * A block-format conversion to test, compiled once at the boundary: a block-scaled format (`mx`, `nvfp4`,
 * `scaled`), the float format of its inputs (`from`), and the geometry of a test line (see `blockCaseLine.ts`).
 * @example
 * const bt: BlockTestOp = blockTestOp('convert', 'mxfp4_e2m1', 'float32'); // bt.K === 32, bt.scaleBits === 8, bt.elemBits === 4
 */
export interface BlockTestOp {
  readonly op: 'convert';
  /** The block format (`--format`). */
  readonly spec: FormatSpec;
  /** The format of every input (`--from`): a float format such as float32 or float64. */
  readonly from: FloatSpec;
  /** The family's block operations (quantize a block, scale rule) for `spec`; internal to lowbit. @hidden */
  readonly ops: BlockOps<FormatSpec>;
  /** Elements per block, or undefined when a line is one block (`channel`, `tensor`). */
  readonly K: number | undefined;
  /** Bits of one scale code and of one element code (the line writes ceil(bits/4) hex digits for each). */
  readonly scaleBits: number;
  readonly elemBits: number;
  /** True when each block also carries a zero-point code (`scaled(…,zeroPoint=on)`). */
  readonly zeroPoint: boolean;
  /** The name to print: the preset id, else the spec string. */
  readonly name: string;
}

/**
 * True for a block-scaled format (scaled, mx, nvfp4), whose test lines are vectors.
 * @example
 * isBlockSpec(parseFormat('nvfp4')) // true
 * isBlockSpec(parseFormat('float16')) // false
 */
export function isBlockSpec(spec: FormatSpec): boolean {
  return handlerFor(spec).block !== undefined;
}

/** The block format a spec names, or undefined for any other spec (a scalar format, or one that does not parse). */
export function blockSpecOf(spec: string | FormatSpec): FormatSpec | undefined {
  let s: FormatSpec;
  try {
    s = parseSpec('format', spec);
  } catch {
    return undefined;
  }
  return isBlockSpec(s) ? s : undefined;
}

/**
 * Checks and compiles a block conversion: `op` must be `convert` (a block format quantizes a vector of inputs),
 * `spec` a block-scaled format, `from` a float format (the inputs' codes).
 * Not modelled: inputs given as exact rationals or decimals (a test line holds codes of `from`).
 * @throws RangeError naming the argument, the value given and what is allowed.
 * @example blockTestOp('convert', 'mxfp4_e2m1', 'float32').K // 32
 */
export function blockTestOp(op: string, spec: string | FormatSpec, from?: string | FormatSpec): BlockTestOp {
  const s = parseSpec('format', spec);
  if (!isBlockSpec(s)) throw new RangeError(`format: not a block-scaled format (mx, nvfp4, scaled); got ${describe(spec)}`);
  if (op !== 'convert') throw new RangeError(`op: a block format is tested on convert (quantizing a vector of --from inputs); got ${JSON.stringify(op)}`);
  if (from === undefined) throw new RangeError('from: convert needs the input format (from), a float format such as float32 or float64; got none');
  const f = scalarSpec('from', from);
  if (f.kind !== 'float') throw new RangeError(`from: the inputs of a block format are floats (float32, float64, bfloat16, …); got ${describe(from)}`);
  const ops = handlerFor(s).block as BlockOps<FormatSpec>;
  const layout = ops.layout(s);
  return {
    op: 'convert',
    spec: s,
    from: f,
    ops,
    K: typeof layout === 'number' ? layout : undefined,
    scaleBits: ops.scaleCodeBits(s),
    elemBits: ops.elemCodeBits(s),
    zeroPoint: quantizeBlocks(s, [0]).zeroCodes !== undefined,
    name: presetName(s) ?? formatToString(s),
  };
}

function describe(s: string | FormatSpec): string {
  return JSON.stringify(s);
}

function parseSpec(arg: string, s: string | FormatSpec): FormatSpec {
  if (typeof s === 'string') {
    try {
      return parseFormat(s);
    } catch (e) {
      throw new RangeError(`${arg}: ${(e as Error).message}`);
    }
  }
  if (s !== null && typeof s === 'object' && typeof (s as FormatSpec).kind === 'string') return s;
  throw new TypeError(`${arg}: must be a format spec string or a FormatSpec; got ${typeof s}`);
}

/** Number of blocks of a line of n inputs: ceil(n/K), or 1 (0 for an empty line) when the line is one block. */
export function blockCount(bt: BlockTestOp, n: number): number {
  return bt.K === undefined ? (n > 0 ? 1 : 0) : Math.ceil(n / bt.K);
}

/** Elements in block b of a line of n inputs: [start, end). */
export function blockRange(bt: BlockTestOp, n: number, b: number): [number, number] {
  const K = bt.K ?? n;
  return [b * K, Math.min(n, (b + 1) * K)];
}

/** Tokens on a line of n inputs: the n input codes, then per block a scale (and a zero point) and its elements. */
export function lineTokens(bt: BlockTestOp, n: number): number {
  return 2 * n + blockCount(bt, n) * (bt.zeroPoint ? 2 : 1);
}

/**
 * The number of inputs of a line with `tokens` tokens, or undefined when no vector length gives that count
 * (`lineTokens` grows strictly with n, so at most one does).
 */
export function inputCount(bt: BlockTestOp, tokens: number): number | undefined {
  // lineTokens(n) ≥ 2n, and ≤ 2n + n·2 + 2: the solution lies in [⌊(tokens − 2)/4⌋, ⌊tokens/2⌋]
  let lo = Math.max(0, Math.floor((tokens - 2) / 4));
  let hi = Math.floor(tokens / 2);
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = lineTokens(bt, mid);
    if (t === tokens) return mid;
    if (t < tokens) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}
