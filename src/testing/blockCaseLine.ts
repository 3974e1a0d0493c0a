import type { QuantizedLine } from '../../simulators/formats/blockOps.js';
import { handlerFor } from '../../simulators/registry.js';
import { blockCount, blockRange, inputCount, type BlockTestOp } from './blockTestOp.js';

/**
 * The test line of a block format: a vector of inputs, then lowbit's result as `lowbit quantize --output code`
 * prints it, in TestFloat's hex convention.
 *
 * ```text
 * X1 … Xn   S1 [Z1] E1 … EK   S2 [Z2] EK+1 … E2K   …   (the last block may be shorter)
 * ```
 *
 * - X: the n input codes in the `--from` format (float32 8 hex digits, float64 16, bfloat16 4);
 * - per block, in order: its scale code S, its zero-point code Z (only `scaled(…,zeroPoint=on)`), then the codes
 *   of its elements: exactly the tokens of `quantize --output code` (scale in ceil(scale bits/4) digits, E8M0 and
 *   UE4M3 2, float32 8; elements in ceil(bits/4), FP4 1, FP6/FP8/INT8 2, integers two's complement), written as
 *   upper-case hex without `0x`; a NaN block of a scale format without a NaN code has the scale token `NAN`;
 * - blocks of K consecutive inputs (`channel`, `tensor`: the line is one block); NVFP4's tensor is the line;
 * - no flags; one rounding mode per file. The line has 2n + blocks (+ blocks with a zero point) tokens, which
 *   determines n.
 * Reading is lenient as TestFloat's: any case, an optional `0x` on each token, any spaces or tabs between tokens.
 */

/**
 * One block test case: the input codes (of `from`) and lowbit's quantized line.
 * @example
 * const c: BlockCase = { inputs: [0x3f800000n], result: quantizeBlocks(bt.spec, [1]) };
 */
export interface BlockCase {
  inputs: bigint[];
  result: QuantizedLine;
}

/**
 * A code as the line writes it: upper-case hex, ceil(bits/4) digits, no `0x`; `NAN` for a scale without a code.
 * @example blockToken(0x7dn, 8) // '7D'
 */
export function blockToken(code: bigint | undefined, bits: number): string {
  return code === undefined ? 'NAN' : code.toString(16).toUpperCase().padStart(Math.ceil(bits / 4), '0');
}

/**
 * A case as one line.
 * @example formatBlockLine(bt, { inputs, result: quantizeBlocks(bt.spec, [1, 2, 3, 100]) }) // '3F800000 40000000 40400000 42C80000 83 0 0 0 7' (mxfp4_e2m1 from float32)
 */
export function formatBlockLine(bt: BlockTestOp, c: BlockCase): string {
  const fromBits = handlerFor(bt.from).bits(bt.from);
  const out = c.inputs.map((x) => blockToken(x, fromBits));
  const q = c.result;
  const n = c.inputs.length;
  for (let b = 0; b < blockCount(bt, n); b++) {
    out.push(blockToken(q.scaleCodes[b], bt.scaleBits));
    if (bt.zeroPoint) out.push(blockToken(q.zeroCodes![b], bt.elemBits));
    const [lo, hi] = blockRange(bt, n, b);
    for (let i = lo; i < hi; i++) out.push(blockToken(q.codes[i], bt.elemBits));
  }
  return out.join(' ');
}

/**
 * A parsed line: the input codes and, per block, the scale (undefined: `NAN`), zero point and element codes given.
 * @example
 * const p: ParsedBlockLine = parseBlockLine(bt, '3F800000 7D 6', 1); // p.scales[0] === 0x7dn
 */
export interface ParsedBlockLine {
  inputs: bigint[];
  scales: Array<bigint | undefined>;
  zeros: bigint[] | undefined;
  codes: bigint[];
}

/**
 * Reads one line (see the format above).
 * @throws RangeError naming the line, the token and what is allowed: a token count that fits no vector length, a
 * token of the wrong width or out of range, `NAN` anywhere but a scale, or an input code that is not a value of
 * `from` (a subnormal pattern when subnormals are off).
 * @example parseBlockLine(bt, '3F800000 7D 6', 1) // { inputs: [0x3f800000n], scales: [0x7dn], zeros: undefined, codes: [6n] }
 */
export function parseBlockLine(bt: BlockTestOp, text: string, lineNo: number): ParsedBlockLine {
  const toks = text.trim().split(/\s+/).filter(Boolean);
  const n = inputCount(bt, toks.length);
  if (n === undefined || n === 0) {
    const per = bt.zeroPoint ? 'a scale, a zero point' : 'a scale';
    const blocks = bt.K === undefined ? 'the line is one block' : `blocks of ${bt.K}`;
    throw new RangeError(
      `line ${lineNo}: ${toks.length} tokens make no test line of ${bt.name} (n input codes, then per block ${per} and its element codes; ${blocks}: 2n + blocks${bt.zeroPoint ? ' × 2' : ''} tokens)`,
    );
  }
  const fh = handlerFor(bt.from);
  const fromBits = fh.bits(bt.from);
  const inputs = toks.slice(0, n).map((t, i) => {
    const c = readToken(t, fromBits, `line ${lineNo} input ${i + 1}`, false)!;
    if (!fh.isValue(bt.from, fh.decode(bt.from, c))) throw new RangeError(`line ${lineNo} input ${i + 1}: ${t} is not a value of the input format (a subnormal pattern in a format without subnormals)`);
    return c;
  });
  const scales: Array<bigint | undefined> = [];
  const zeros: bigint[] = [];
  const codes: bigint[] = [];
  let k = n;
  for (let b = 0; b < blockCount(bt, n); b++) {
    scales.push(readToken(toks[k++]!, bt.scaleBits, `line ${lineNo} block ${b + 1} scale`, true));
    if (bt.zeroPoint) zeros.push(readToken(toks[k++]!, bt.elemBits, `line ${lineNo} block ${b + 1} zero point`, false)!);
    const [lo, hi] = blockRange(bt, n, b);
    for (let i = lo; i < hi; i++) codes.push(readToken(toks[k++]!, bt.elemBits, `line ${lineNo} element ${i + 1}`, false)!);
  }
  return { inputs, scales, zeros: bt.zeroPoint ? zeros : undefined, codes };
}

function readToken(text: string, bits: number, what: string, nanOk: boolean): bigint | undefined {
  if (nanOk && /^nan$/i.test(text)) return undefined;
  const digits = Math.ceil(bits / 4);
  const hex = /^0x/i.test(text) ? text.slice(2) : text;
  if (hex.length !== digits || !/^[0-9a-fA-F]+$/.test(hex)) {
    throw new RangeError(`${what}: must be ${digits} hex digits (a ${bits}-bit code, 0x optional)${nanOk ? ' or NAN' : ''}; got ${JSON.stringify(text)}`);
  }
  const code = BigInt('0x' + hex);
  if (code >> BigInt(bits) !== 0n) throw new RangeError(`${what}: ${text} is out of range for a ${bits}-bit code`);
  return code;
}
