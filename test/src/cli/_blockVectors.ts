import { readMxVectors, type MxVector } from '../../simulators/formats/_mxVectors.js';

export { BLOCK_VECTOR_PRESETS, readMxVectors } from '../../simulators/formats/_mxVectors.js';

/** A vector line of the CLI contract: float64 inputs as 0x + 16 hex digits, rationals as P/Q. */
export function cliLine(v: MxVector): string {
  return v.in.map((x) => (typeof x === 'string' ? '0x' + x : `${x.num}/${x.den}`)).join(' ');
}

const hexToValue = (h: string): string => {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setBigUint64(0, BigInt('0x' + h));
  const x = buf.getFloat64(0);
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return Object.is(x, -0) ? '-0' : String(x);
};

/** The expected `--output value` line. */
export function wantValueLine(v: MxVector, mode: string): string {
  return v.r[mode]!.values_f64.map(hexToValue).join(' ');
}

/** The expected `--output code` line: per block its scale code then its element codes. */
export function wantCodeLine(v: MxVector, mode: string): string {
  const r = v.r[mode]!;
  const out: string[] = [];
  r.scales.forEach((s, b) => out.push('0x' + s, ...r.codes.slice(b * v.k, (b + 1) * v.k).map((c) => '0x' + c)));
  return out.join(' ');
}

export const MODES = ['rne', 'rna', 'rtz', 'raz', 'rup', 'rdn', 'rto'] as const;
export { readMxVectors as readBlockVectors };
export type { MxVector };
