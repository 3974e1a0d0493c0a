/**
 * An exact-rational oracle for dot products, written independently of simulators/: values are dyadic rationals
 * m·2^e (BigInt m), products and sums are exact, and rounding into a float or fixed format follows the IEEE 754
 * rules stated from first principles. Deterministic modes only.
 */
export type Mode = 'rne' | 'rna' | 'rtz' | 'raz' | 'rup' | 'rdn';

interface Dy {
  m: bigint;
  e: number;
}

const view = new DataView(new ArrayBuffer(8));

export function toDy(x: number): Dy {
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const neg = bits >> 63n === 1n;
  const be = Number((bits >> 52n) & 0x7ffn);
  let m = bits & ((1n << 52n) - 1n);
  if (be !== 0) m |= 1n << 52n;
  return { m: neg ? -m : m, e: (be === 0 ? 1 : be) - 1075 };
}

const mulDy = (a: Dy, b: Dy): Dy => ({ m: a.m * b.m, e: a.e + b.e });
function addDy(a: Dy, b: Dy): Dy {
  const e = Math.min(a.e, b.e);
  return { m: (a.m << BigInt(a.e - e)) + (b.m << BigInt(b.e - e)), e };
}

/** Integer part and remainder class of |m|·2^(e − q): the candidates are I·2^q and (I+1)·2^q. */
function cut(mag: bigint, e: number, q: number): { I: bigint; cls: -1 | 0 | 1 | 2 } {
  if (e >= q) return { I: mag << BigInt(e - q), cls: 0 };
  const sh = BigInt(q - e);
  const I = mag >> sh;
  const r = mag - (I << sh);
  if (r === 0n) return { I, cls: 0 };
  const twice = r << 1n;
  const half = 1n << sh;
  return { I, cls: twice < half ? -1 : twice === half ? 1 : 2 };
}

function up(mode: Mode, neg: boolean, I: bigint, cls: -1 | 0 | 1 | 2): boolean {
  if (cls === 0) return false;
  if (mode === 'rne') return cls === 2 || (cls === 1 && (I & 1n) === 1n);
  if (mode === 'rna') return cls >= 1;
  if (mode === 'rtz') return false;
  if (mode === 'raz') return true;
  return mode === 'rup' ? !neg : neg;
}

/** An IEEE-style float format: e exponent bits, m mantissa bits, subnormals on; ieee (inf) or fn (saturating). */
export interface OFloat {
  kind: 'float';
  e: number;
  m: number;
  fn?: boolean;
}
/** A fixed-point format: w-bit two's complement code, value code·2^−f, saturating or wrapping. */
export interface OFixed {
  kind: 'fixed';
  w: number;
  f: number;
  wrap?: boolean;
}

function roundDy(d: Dy, F: OFloat | OFixed, mode: Mode): number {
  const neg = d.m < 0n;
  const mag = neg ? -d.m : d.m;
  if (F.kind === 'fixed') {
    const c = cut(mag, d.e, -F.f);
    const n = c.I + (up(mode, neg, c.I, c.cls) ? 1n : 0n);
    let code = neg ? -n : n;
    const lo = -(1n << BigInt(F.w - 1));
    const hi = (1n << BigInt(F.w - 1)) - 1n;
    if (F.wrap) code = BigInt.asIntN(F.w, code);
    else code = code < lo ? lo : code > hi ? hi : code;
    return Number(code) * 2 ** -F.f || 0;
  }
  const bias = 2 ** (F.e - 1) - 1;
  const emin = 1 - bias;
  const emax = F.fn ? bias + 1 : bias;
  const maxFinite = (2 - 2 ** (F.fn ? 1 - F.m : -F.m)) * 2 ** emax;
  const E = mag.toString(2).length - 1 + d.e;
  const q = Math.max(E, emin) - F.m;
  const c = cut(mag, d.e, q);
  const R = Number(c.I + (up(mode, neg, c.I, c.cls) ? 1n : 0n)) * 2 ** q;
  if (R > maxFinite) {
    // IEEE overflow: ±inf for the nearest modes and when rounding away in the sign's direction, else ±max
    const toInf = F.fn ? false : mode === 'rne' || mode === 'rna' || mode === 'raz' || (mode === 'rup' && !neg) || (mode === 'rdn' && neg);
    const v = toInf ? Infinity : maxFinite;
    return neg ? -v : v;
  }
  return neg ? -R : R;
}

/** Rounds an exact dyadic (nonzero) or a signed zero into the format. */
function roundValue(d: Dy, zeroNeg: boolean, F: OFloat | OFixed, mode: Mode): number {
  if (d.m === 0n) return F.kind === 'fixed' ? 0 : zeroNeg ? -0 : 0;
  return roundDy(d, F, mode);
}

const isNeg = (x: number): boolean => x < 0 || Object.is(x, -0);

/** Exact a·b rounded once into F. */
export function oracleProduct(a: number, b: number, F: OFloat | OFixed, mode: Mode): number {
  return roundValue(mulDy(toDy(a), toDy(b)), isNeg(a) !== isNeg(b), F, mode);
}

/** Exact x + y rounded once into F (zero sums: +0, −0 under rdn, same-sign zeros keep their sign). */
export function oracleSum(x: number, y: number, F: OFloat | OFixed, mode: Mode): number {
  const s = addDy(toDy(x), toDy(y));
  const zeroNeg = x === 0 && y === 0 && isNeg(x) === isNeg(y) ? isNeg(x) : mode === 'rdn';
  return roundValue(s, zeroNeg, F, mode);
}

export type OOrder = 'sequential' | 'pairwise' | { blocked: number };

/** The dot product by the definition: products rounded into P, sums rounded into A, in the given order. */
export function oracleDot(a: number[], b: number[], P: OFloat | OFixed, A: OFloat | OFixed, order: OOrder, mode: Mode): number {
  const p = a.map((x, i) => oracleProduct(x, b[i]!, P, mode));
  const add = (x: number, y: number): number => oracleSum(x, y, A, mode);
  const seq = (xs: number[]): number => xs.reduce((acc, x) => add(acc, x), 0);
  if (order === 'sequential') return seq(p);
  if (order === 'pairwise') {
    const tree = (xs: number[]): number => (xs.length === 1 ? xs[0]! : add(tree(xs.slice(0, xs.length >> 1)), tree(xs.slice(xs.length >> 1))));
    return p.length === 0 ? 0 : p.length === 1 ? add(0, p[0]!) : tree(p);
  }
  const chunks: number[] = [];
  for (let k = 0; k < p.length; k += order.blocked) chunks.push(seq(p.slice(k, k + order.blocked)));
  return chunks.length <= 1 ? (chunks[0] ?? 0) : seq(chunks);
}

/** The exact sum of products as a BigInt dyadic, converted to a double (callers make sure it is exact). */
export function exactDot(a: number[], b: number[]): number {
  let s: Dy = { m: 0n, e: 0 };
  for (let i = 0; i < a.length; i++) s = addDy(s, mulDy(toDy(a[i]!), toDy(b[i]!)));
  if (s.m === 0n) return 0;
  while ((s.m & 1n) === 0n) s = { m: s.m >> 1n, e: s.e + 1 };
  return Number(s.m) * 2 ** s.e;
}
