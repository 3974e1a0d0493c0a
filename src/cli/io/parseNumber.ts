import { parseFormat } from '../../../simulators/formats/parseFormat.js';
import type { FormatSpec } from '../../../simulators/formats/formatSpec.js';
import type { CodeInput, ExactInput } from '../../../simulators/exactInput.js';
import { handlerFor } from '../../../simulators/registry.js';
import { decimalToRational } from './parseDecimal.js';

/** The format of `0x` + 16 hex digit inputs: the bits of a float64 (an sNaN pattern stays signalling). */
export const FLOAT64 = parseFormat('float64');

// No nested quantifiers: each pattern matches in time linear in the text, also when it fails (a 10^6-digit line)
const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const RATIONAL = /^([+-]?\d+)\/([+-]?\d+)$/;
const F64_BITS = /^0[xX]([0-9a-fA-F]+)$/;
const SPECIAL = /^([+-]?)(inf|infinity|nan)$/i;
const CODE = /^(?:0[xX])?([0-9a-fA-F]+)$/;

/** How a number in the CLI's value syntax is to be read. */
export interface ParseOptions {
  /** Keep every digit of a decimal exactly (see `decimalToRational`); only `log` rounding needs it. */
  keepLowDigits?: boolean;
}

/**
 * Parses one number of the CLI's value syntax into an exact library input: a decimal (`1.5`, `-0`, `1e-300`,
 * `inf`, `-inf`, `nan`) as the exact rational it denotes (any number of digits, in linear time) with `readsAs`
 * the double its text reads as; the bits of a float64 as `0x` + exactly 16 hex digits (a code of float64, so a
 * signalling NaN stays one); or an exact rational `P/Q` of integers. The CLI only parses: what an input means for
 * a format (conversion, arithmetic operand) is decided by the library (`quantizeInput`, `arith`).
 * @throws RangeError naming the value and the accepted syntax.
 */
export function parseCliNumber(text: string, what = 'input', opts: ParseOptions = {}): ExactInput {
  const t = text.trim();
  const sp = SPECIAL.exec(t);
  if (sp) {
    if (sp[2]!.toLowerCase() === 'nan') return NaN;
    return sp[1] === '-' ? -Infinity : Infinity;
  }
  const hx = F64_BITS.exec(t);
  if (hx) {
    if (hx[1]!.length !== 16) throw new RangeError(`${what} ${JSON.stringify(text)}: a hex input needs exactly 16 hex digits (the bits of a float64); got ${hx[1]!.length}`);
    return { kind: 'code', format: FLOAT64, code: BigInt('0x' + hx[1]!) };
  }
  const ra = RATIONAL.exec(t);
  if (ra) {
    const den = BigInt(ra[2]!);
    if (den === 0n) throw new RangeError(`${what} ${JSON.stringify(text)}: the denominator of P/Q must be nonzero`);
    return { kind: 'rational', num: BigInt(ra[1]!), den };
  }
  const de = DECIMAL.exec(t);
  if (de && (de[2] !== '' || (de[3] ?? '') !== '')) {
    const neg = de[1] === '-';
    const r = decimalToRational(neg, de[2]!, de[3] ?? '', Number(de[4] ?? '0'), opts.keepLowDigits);
    if (r === undefined) return neg ? -0 : 0;
    return { ...r, readsAs: Number(t) };
  }
  throw new RangeError(
    `${what} ${JSON.stringify(text)}: not a number; expected a decimal (1.5, -0, 1e-300, inf, -inf, nan), 0x + 16 hex digits, or P/Q`,
  );
}

/**
 * Parses a bit code of `format` (`--input code`): hex digits, `0x` optional, any case, at most as many digits as
 * the code has nibbles (TestFloat writes `3C00`; lowbit's `--output code` writes `0x3c00`).
 * @throws RangeError naming the value, the format width and the accepted syntax.
 */
export function parseCliCode(text: string, format: FormatSpec, what = 'input'): CodeInput {
  const t = text.trim();
  const bits = handlerFor(format).bits(format);
  const digits = Math.ceil(bits / 4);
  const m = CODE.exec(t);
  if (!m || m[1]!.length > digits || BigInt('0x' + m[1]!) >> BigInt(bits) !== 0n) {
    throw new RangeError(`${what} ${JSON.stringify(text)}: not a code of this ${bits}-bit format; expected up to ${digits} hex digits (0x optional) below 2^${bits}`);
  }
  return { kind: 'code', format, code: BigInt('0x' + m[1]!) };
}
