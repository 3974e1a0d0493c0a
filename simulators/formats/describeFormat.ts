import type { FormatSpec } from './formatSpec.js';
import { formatToString, presetName } from './parseFormat.js';
import { floatLayout } from './floatLayout.js';
import { fixedCodeRange } from './fixedPoint.js';
import { handlerFor } from '../registry.js';
import { pow2 } from '../_internal/bits.js';

/** A human- and machine-readable description of a format (what `lowbit format SPEC` prints). */
export interface FormatReport {
  spec: string;
  preset?: string;
  kind: FormatSpec['kind'];
  bits: number;
  fields: Array<[string, string]>;
}

const hex = (code: bigint, bits: number): string => '0x' + code.toString(16).padStart(Math.ceil(bits / 4), '0');

/**
 * Describes a format: bit width, bias, exponent range, min/max, subnormal range and special encodings.
 * @example describeFormat(parseFormat('float8_e4m3fn')).fields // [['layout', 'sign 1 | exponent 4 | mantissa 3'], …]
 */
export function describeFormat(spec: FormatSpec): FormatReport {
  const h = handlerFor(spec);
  const bits = h.bits(spec);
  const fields: Array<[string, string]> = [];
  if (spec.kind === 'float') {
    const L = floatLayout(spec);
    fields.push(
      ['layout', `sign 1 | exponent ${spec.e} | mantissa ${spec.m}`],
      ['precision p', String(L.p)],
      ['bias', String(L.bias)],
      ['exponent range', `emin ${L.emin} .. emax ${L.emax}`],
      ['max finite', `${L.maxFinite} (${hex(h.encode(spec, L.maxFinite), bits)})`],
      ['min normal', `${L.minNormal} (${hex(h.encode(spec, L.minNormal), bits)})`],
      ['subnormals', spec.subnormals === 'on' ? `${L.minSubnormal} .. ${L.minNormal - L.minSubnormal}` : spec.subnormals === 'off' ? 'none (values below min normal round within {0, min normal})' : 'flushed to zero after rounding'],
      ['zero', L.hasNegZero ? `+0 ${hex(0n, bits)}, -0 ${hex(h.encode(spec, -0), bits)}` : `+0 ${hex(0n, bits)} (no -0)`],
      ['infinity', L.hasInf ? `+inf ${hex(h.encode(spec, Infinity), bits)}, -inf ${hex(h.encode(spec, -Infinity), bits)}` : 'none'],
      ['NaN', L.nanCode === undefined ? 'none' : nanCodes(spec.specials, spec.e, spec.m, bits, L.nanCode)],
      ['overflow', spec.overflow],
    );
  } else if (spec.kind === 'fixed' || spec.kind === 'dfixed') {
    const fx = spec.kind === 'fixed' ? spec : { kind: 'fixed' as const, signed: true, w: spec.w, f: spec.f, overflow: spec.overflow };
    const [lo, hi] = fixedCodeRange(fx);
    fields.push(
      ['layout', `${fx.signed ? "two's complement" : 'unsigned'} ${fx.w}-bit code, value = code * 2^${-fx.f}`],
      ['lsb', String(pow2(-fx.f))],
      ['min', `${lo * pow2(-fx.f)} (code ${lo})`],
      ['max', `${hi * pow2(-fx.f)} (code ${hi})`],
      ['overflow', fx.overflow],
    );
    if (spec.kind === 'dfixed') fields.push(['dynamic', 'fraction length f is state, updated from overflow rates (Courbariaux et al. 2014)']);
  } else if (spec.kind === 'pow2') {
    fields.push(['values', `{0} ∪ {±2^k : ${spec.min} ≤ k ≤ ${spec.max}}`], ['max', String(pow2(spec.max))], ['min nonzero', String(pow2(spec.min))]);
  } else if (spec.kind === 'binary') {
    fields.push(['values', `{-${spec.scale}, +${spec.scale}}, sign(0) = +${spec.scale}`]);
  } else {
    fields.push(['values', `{-${spec.scale}, 0, +${spec.scale}}`], ['threshold', String(spec.threshold)]);
  }
  return { spec: formatToString(spec), preset: presetName(spec), kind: spec.kind, bits, fields };
}

function nanCodes(specials: string, e: number, m: number, bits: number, canonical: bigint): string {
  if (specials === 'fnuz') return `${hex(canonical, bits)} only`;
  if (specials === 'fn') return `${hex(canonical, bits)} and ${hex(canonical | (1n << BigInt(e + m)), bits)}`;
  return `exponent all ones with mantissa != 0 (canonical quiet NaN ${hex(canonical, bits)})`;
}

/**
 * Every code of a format of 12 bits or fewer, with its value, in code order.
 * @throws RangeError for wider formats.
 */
export function formatTable(spec: FormatSpec): Array<{ code: string; bits: string; value: number }> {
  const h = handlerFor(spec);
  const bits = h.bits(spec);
  if (bits > 12) throw new RangeError(`format table: only formats of 12 bits or fewer are listed; ${formatToString(spec)} has ${bits}`);
  const rows = [];
  for (let c = 0n; c < 1n << BigInt(bits); c++) {
    let value: number;
    try {
      value = h.decode(spec, c);
    } catch {
      continue; // a code that is not a value of this format (e.g. an unused pattern)
    }
    rows.push({ code: hex(c, bits), bits: c.toString(2).padStart(bits, '0'), value });
  }
  return rows;
}
