import type { FormatSpec } from '../../../simulators/formats/formatSpec.js';
import type { RoundingMode } from '../../../simulators/rounding/roundingMode.js';
import type { Rng } from '../../../simulators/random/rng.js';
import type { ExactInput } from '../../../simulators/exactInput.js';
import { handlerFor } from '../../../simulators/registry.js';
import { quantizeBlocks } from '../../../simulators/blockQuantize.js';
import { codeHex } from '../../../simulators/formats/codeHex.js';
import { parseCliNumber } from './parseNumber.js';
import { formatValue } from './formatOutput.js';
import { CliUsageError } from '../cliError.js';

/** The output forms of a block-format line: dequantized values, or codes (per block: scale, then elements). */
export const BLOCK_OUTPUT_KINDS = ['value', 'code'] as const;
export type BlockOutputKind = (typeof BLOCK_OUTPUT_KINDS)[number];

/** True for a block-scaled format (scaled, mx, nvfp4): `lowbit quantize` then reads one vector per line. */
export function isBlockFormat(spec: FormatSpec): boolean {
  return handlerFor(spec).block !== undefined;
}

/** Checks `--output` and `--flags` for a block format (one-line usage errors). */
export function checkBlockOutput(output: string, flags: boolean): BlockOutputKind {
  if (!(BLOCK_OUTPUT_KINDS as readonly string[]).includes(output)) {
    throw new CliUsageError(`--output: a block format prints ${BLOCK_OUTPUT_KINDS.join(' or ')}; got ${JSON.stringify(output)}`);
  }
  if (flags) throw new CliUsageError('--flags: not available for block formats (one vector per line); drop it');
  return output as BlockOutputKind;
}

/** How the tokens of a line are read: numbers (as `--input` says) and, with `--rounding per-line`, the mode. */
export interface BlockLineReader {
  number(text: string, what: string, mode: RoundingMode): ExactInput;
  mode(text: string, where: string): RoundingMode;
}

/** The value syntax of the CLI (decimal read exactly, 0x + 16 hex float64 bits, P/Q, inf, nan), any mode. */
export const VALUE_READER: BlockLineReader = {
  number(text, what) {
    try {
      return parseCliNumber(text, what);
    } catch (e) {
      throw new CliUsageError((e as Error).message);
    }
  },
  mode(text) {
    return text as RoundingMode;
  },
};

/**
 * Answers one stdin line of `lowbit quantize` for a block format — the CLI contract of block formats:
 *
 * - input: one vector per line, numbers separated by single spaces, each in the scalar syntax (decimal read
 *   exactly, `0x` + 16 hex digits = float64 bits, `P/Q` exact, `inf -inf nan`); an empty line is an empty vector;
 * - the line is cut into consecutive blocks of K (the last may be shorter); `channel` and `tensor` formats give
 *   one block per line; NVFP4's per-tensor scale covers the line;
 * - `--output value` (default): the dequantized values (scale × element), space-separated, each the shortest
 *   decimal that reads back as the same double (`nan`, `inf`, `-inf`, `-0`);
 * - `--output code`: for each block its scale code, then (asymmetric `zeroPoint=on` formats only) its zero-point
 *   code, then its element codes, space-separated, each `0x` + lower-case hex: the scale in ceil(scale bits/4)
 *   digits (E8M0 and UE4M3: 2), elements in ceil(bits/4) (FP4 1, FP6/FP8/INT8 2; integers in two's complement);
 *   a scale with no code for NaN prints `nan`;
 * - `--rounding` rounds the elements (the scale rule never depends on it); `sr` draws once per element from the
 *   `--seed` generator, continuing across lines; with `--rounding per-line` each line starts with its mode;
 * - `--input code` reads every number as a hex bit code of `--from` (default float64).
 * @throws CliUsageError naming the line and the number for a bad token or a separator other than one space.
 */
export function answerBlockLine(
  spec: FormatSpec,
  line: string,
  lineNo: number,
  lineMode: RoundingMode | undefined,
  rng: Rng,
  output: BlockOutputKind,
  read: BlockLineReader = VALUE_READER,
): string {
  let text = line.endsWith('\r') ? line.slice(0, -1) : line;
  let mode = lineMode;
  if (mode === undefined) {
    const sp = text.indexOf(' ');
    const first = sp < 0 ? text : text.slice(0, sp);
    if (first === '') throw new CliUsageError(`line ${lineNo}: --rounding per-line needs a rounding mode first on each line; got ${JSON.stringify(text)}`);
    mode = read.mode(first, `line ${lineNo}:`);
    text = sp < 0 ? '' : text.slice(sp + 1);
  }
  if (text === '') return '';
  const toks = text.split(' ');
  const empty = toks.findIndex((t) => t === '');
  if (empty >= 0 || /[\t\f\v]/.test(text)) {
    throw new CliUsageError(`line ${lineNo}: numbers must be separated by single spaces (no leading, trailing or repeated spaces, no tabs); got ${JSON.stringify(text.length > 60 ? text.slice(0, 60) + '…' : text)}`);
  }
  const m = mode;
  const xs = toks.map((t, i) => read.number(t, `line ${lineNo}, number ${i + 1}:`, m));
  const q = quantizeBlocks(spec, xs, { rounding: mode, rng });
  if (output === 'value') return q.values.map(formatValue).join(' ');
  const ops = handlerFor(spec).block!;
  const sb = ops.scaleCodeBits(spec);
  const eb = ops.elemCodeBits(spec);
  const hex = (c: bigint | undefined, bits: number) => (c === undefined ? 'nan' : codeHex(c, bits));
  const out: string[] = [];
  for (let b = 0; b * q.blockSize < q.codes.length; b++) {
    out.push(hex(q.scaleCodes[b], sb));
    if (q.zeroCodes) out.push(hex(q.zeroCodes[b], eb));
    for (const c of q.codes.slice(b * q.blockSize, (b + 1) * q.blockSize)) out.push(hex(c, eb));
  }
  return out.join(' ');
}
