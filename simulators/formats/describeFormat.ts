import type { FormatSpec } from './formatSpec.js';
import type { FormatFacts } from './formatFamily.js';
import { CONTEXT, formatToString, presetName } from './parseFormat.js';
import { codeHex } from './codeHex.js';
import { handlerFor } from '../registry.js';

/**
 * A human- and machine-readable description of a format (what `lowbit format SPEC` prints): display rows in
 * `fields`, and the numeric facts (`ml_dtypes.finfo`-like) in `facts`.
 * @example
 * const { spec, bits, fields, facts } = describeFormat(parseFormat('float8_e4m3fn'));
 * facts.max // 448
 */
export interface FormatReport {
  spec: string;
  preset?: string;
  kind: FormatSpec['kind'];
  bits: number;
  fields: Array<[string, string]>;
  facts: FormatFacts;
}

/**
 * Describes a format through its family: bit width, bias, exponent range, min/max, subnormal range, special
 * encodings; for block formats the element, the scale, the block and the bits per element.
 * @example describeFormat(parseFormat('float8_e4m3fn')).fields // [['layout', 'sign 1 | exponent 4 | mantissa 3'], …]
 */
export function describeFormat(spec: FormatSpec): FormatReport {
  const h = handlerFor(spec);
  return {
    spec: formatToString(spec),
    preset: presetName(spec),
    kind: spec.kind,
    bits: h.bits(spec),
    fields: h.describe(spec, CONTEXT),
    facts: h.facts(spec, CONTEXT),
  };
}

/**
 * Every code of a format of 12 bits or fewer, with its value, in code order (a block format: its element's codes).
 * @throws RangeError for wider formats.
 * @example
 * formatTable(parseFormat('float4_e2m1fn'))[3] // { code: '0x3', bits: '0011', value: 1.5 }
 */
export function formatTable(spec: FormatSpec): Array<{ code: string; bits: string; value: number }> {
  const h = handlerFor(spec);
  const inner = h.block ? h.block.elementSpec(spec) : spec;
  const hi = handlerFor(inner);
  const bits = hi.bits(inner);
  if (bits > 12) throw new RangeError(`format table: only formats of 12 bits or fewer are listed; ${formatToString(spec)} has ${bits}`);
  const rows = [];
  for (let c = 0n; c < 1n << BigInt(bits); c++) {
    let value: number;
    try {
      value = hi.decode(inner, c);
    } catch {
      continue; // a code that is not a value of this format (e.g. an unused pattern)
    }
    rows.push({ code: codeHex(c, bits), bits: c.toString(2).padStart(bits, '0'), value });
  }
  return rows;
}
