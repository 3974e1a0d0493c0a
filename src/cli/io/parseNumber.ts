import { doubleToDyadic, hexToF64 } from '../../../simulators/_internal/bits.js';
import type { FormatSpec } from '../../../simulators/formats/formatSpec.js';
import type { Rounded } from '../../../simulators/formats/formatHandler.js';
import type { RoundingMode } from '../../../simulators/rounding/roundingMode.js';
import { handlerFor } from '../../../simulators/registry.js';

/**
 * A parsed CLI number: a double given exactly (hex bits, specials), or an exact rational ±num/den. A decimal also
 * carries `nearest`, the double it reads as (correctly rounded), used to recognise values of the format.
 */
export type CliNumber = { kind: 'double'; x: number } | { kind: 'rational'; num: bigint; den: bigint; nearest?: number };

const DECIMAL = /^([+-]?)(\d+\.?\d*|\.\d+)(?:[eE]([+-]?\d+))?$/;
const RATIONAL = /^([+-]?\d+)\/([+-]?\d+)$/;
const HEX = /^0x([0-9a-fA-F]+)$/;
const SPECIAL = /^([+-]?)(inf|infinity|nan)$/i;
/** Decimal exponents beyond this are clamped: every format rounds 10^±5000 exactly as it rounds anything further out. */
const EXP_CAP = 5000;

/**
 * Parses one number of the CLI contract: a decimal (`1.5`, `-0`, `1e-300`, `inf`, `-inf`, `nan`) read as the exact
 * rational it denotes (no intermediate double), the bits of a float64 as `0x` + exactly 16 hex digits, or an exact
 * rational `P/Q` of integers.
 * @throws RangeError naming the value and the accepted syntax.
 */
export function parseCliNumber(text: string, what = 'input'): CliNumber {
  const t = text.trim();
  const sp = SPECIAL.exec(t);
  if (sp) {
    const neg = sp[1] === '-';
    if (sp[2]!.toLowerCase() === 'nan') return { kind: 'double', x: NaN };
    return { kind: 'double', x: neg ? -Infinity : Infinity };
  }
  const hx = HEX.exec(t);
  if (hx) {
    if (hx[1]!.length !== 16) throw new RangeError(`${what} ${JSON.stringify(text)}: a hex input needs exactly 16 hex digits (the bits of a float64); got ${hx[1]!.length}`);
    return { kind: 'double', x: hexToF64(hx[1]!.toLowerCase()) };
  }
  const ra = RATIONAL.exec(t);
  if (ra) {
    const num = BigInt(ra[1]!);
    const den = BigInt(ra[2]!);
    if (den === 0n) throw new RangeError(`${what} ${JSON.stringify(text)}: the denominator of P/Q must be nonzero`);
    return den < 0n ? { kind: 'rational', num: -num, den: -den } : { kind: 'rational', num, den };
  }
  const de = DECIMAL.exec(t);
  if (de) {
    const [intPart, fracPart = ''] = de[2]!.split('.');
    const digits = BigInt((intPart || '0') + fracPart);
    let exp = Number(de[3] ?? '0') - fracPart.length;
    if (digits === 0n) return { kind: 'double', x: de[1] === '-' ? -0 : 0 };
    exp = Math.max(-EXP_CAP - 400, Math.min(EXP_CAP, exp));
    const sign = de[1] === '-' ? -1n : 1n;
    const nearest = Number(t);
    return exp >= 0
      ? { kind: 'rational', num: sign * digits * 10n ** BigInt(exp), den: 1n, nearest }
      : { kind: 'rational', num: sign * digits, den: 10n ** BigInt(-exp), nearest };
  }
  throw new RangeError(
    `${what} ${JSON.stringify(text)}: not a number; expected a decimal (1.5, -0, 1e-300, inf, -inf, nan), 0x + 16 hex digits, or P/Q`,
  );
}

/**
 * The double a CLI number stands for when it names a value of the format: hex bits and specials exactly; a decimal
 * when the double it reads as (finite, nonzero) is a value of the format — so every `--output value` line reads
 * back as the same value; a rational when it equals such a double exactly. Otherwise undefined: the number is then
 * the exact rational it denotes, and is rounded once.
 */
export function asFormatValue(n: CliNumber, isValue: (x: number) => boolean): number | undefined {
  if (n.kind === 'double') return isValue(n.x) ? n.x : undefined;
  if (n.nearest !== undefined && Number.isFinite(n.nearest) && n.nearest !== 0 && isValue(n.nearest)) return n.nearest;
  const x = Number(n.num) / Number(n.den);
  if (!Number.isFinite(x) || x === 0 || !isValue(x)) return undefined;
  const { neg, mant, exp } = doubleToDyadic(x);
  const m = neg ? -mant : mant;
  // x = m·2^exp exactly: the rational equals x iff num·2^-exp = m·den
  return (exp >= 0 ? n.num === m * (n.den << BigInt(exp)) : n.num << BigInt(-exp) === m * n.den) ? x : undefined;
}

/**
 * Rounds a CLI number into a format once: a value of the format passes unchanged (see `asFormatValue`), a double
 * is rounded, and a rational is rounded exactly, with no intermediate double.
 */
export function roundCliNumber(spec: FormatSpec, n: CliNumber, mode: RoundingMode, u: number): Rounded {
  const h = handlerFor(spec);
  const v = asFormatValue(n, (x) => h.isValue(spec, x));
  if (v !== undefined) return { value: v, flags: 0 };
  if (n.kind === 'double') return h.round(spec, n.x, mode, u);
  if (n.num === 0n) return h.round(spec, 0, mode, u);
  return h.roundRational(spec, n.num < 0n, n.num < 0n ? -n.num : n.num, n.den, mode, u);
}
