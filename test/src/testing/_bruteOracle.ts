/**
 * An independent, slow oracle for small float formats, written from the semantics in
 * test/fixtures/vectors/README.md and sharing no code with lowbit's simulators: every code is decoded by the
 * textbook formula into an exact rational, a result is rounded by searching the sorted list of the format's
 * values, and overflow and tininess are decided from their definitions. For float formats of 8 bits or fewer.
 */
export interface BruteFormat {
  e: number;
  m: number;
  specials: 'ieee' | 'none';
  subnormals: boolean;
}
type Q = { n: bigint; d: bigint };
export type BruteResult = { nan: true; flags: number } | { nan: false; code: number; flags: number };

const cmp = (a: Q, b: Q): number => {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
};
const q = (n: bigint, d = 1n): Q => (d < 0n ? { n: -n, d: -d } : { n, d });
const add = (a: Q, b: Q) => q(a.n * b.d + b.n * a.d, a.d * b.d);
const mul = (a: Q, b: Q) => q(a.n * b.n, a.d * b.d);
const half = (a: Q) => q(a.n, a.d * 2n);
const neg = (a: Q) => q(-a.n, a.d);
const pow2 = (k: number): Q => (k >= 0 ? q(1n << BigInt(k)) : q(1n, 1n << BigInt(-k)));

export class BruteOracle {
  readonly bias: number;
  readonly emin: number;
  /** Positive finite values ascending, with their codes (0 first). */
  readonly pos: Array<{ v: Q; code: number }> = [];
  readonly max: Q;
  readonly ulpMax: Q;

  constructor(readonly f: BruteFormat) {
    this.bias = 2 ** (f.e - 1) - 1;
    this.emin = 1 - this.bias;
    for (let c = 0; c < 2 ** (f.e + f.m); c++) {
      const d = this.decode(c);
      if (d !== 'nan' && d !== 'inf' && d !== 'notvalue') this.pos.push({ v: d.v, code: c });
    }
    this.pos.sort((a, b) => cmp(a.v, b.v));
    this.max = this.pos.at(-1)!.v;
    const topField = f.specials === 'ieee' ? 2 ** f.e - 2 : 2 ** f.e - 1;
    this.ulpMax = pow2(topField - this.bias - f.m);
  }

  /** value of a code: sign·2^(E−bias)·(1 + M/2^m), subnormal 2^emin·M/2^m; ieee top field inf/NaN. */
  decode(code: number): { v: Q; negZero: boolean } | 'nan' | 'inf' | 'notvalue' {
    const { e, m, specials } = this.f;
    const sign = code >> (e + m) ? -1n : 1n;
    const E = (code >> m) & (2 ** e - 1);
    const M = code & (2 ** m - 1);
    if (specials === 'ieee' && E === 2 ** e - 1) return M === 0 ? 'inf' : 'nan';
    if (E === 0 && M !== 0 && !this.f.subnormals) return 'notvalue';
    const mag = E === 0 ? mul(q(BigInt(M)), pow2(this.emin - m)) : mul(q(BigInt(M + 2 ** m)), pow2(E - this.bias - m));
    return { v: q(sign * mag.n, mag.d), negZero: sign < 0n && mag.n === 0n };
  }

  isSnan(code: number): boolean {
    const { e, m, specials } = this.f;
    return specials === 'ieee' && ((code >> m) & (2 ** e - 1)) === 2 ** e - 1 && (code & (2 ** m - 1)) !== 0 && !(code & (2 ** (m - 1)));
  }

  /** Rounds an exact nonzero rational in a mode; flags o u x. */
  round(x: Q, mode: string): BruteResult {
    const isNeg = x.n < 0n;
    const a = isNeg ? neg(x) : x;
    const signBit = isNeg ? 2 ** (this.f.e + this.f.m) : 0;
    const up = (lo: { v: Q; code: number }, hi: { v: Q; code: number } | undefined): boolean => {
      const mid = hi ? half(add(lo.v, hi.v)) : add(lo.v, half(this.ulpMax));
      const c = cmp(a, mid);
      switch (mode) {
        case 'rne':
          // a tie between 0 and the smallest normal (subnormals off) goes to 0 (README)
          return c > 0 || (c === 0 && (lo.code & 1) === 1);
        case 'rna':
          return c >= 0;
        case 'rtz':
          return false;
        case 'raz':
          return true;
        case 'rup':
          return !isNeg;
        case 'rdn':
          return isNeg;
        case 'rto':
          return (lo.code & 1) === 0; // truncate, then the odd one
      }
      throw new Error(mode);
    };
    // lo = largest value ≤ a (a > 0)
    let i = this.pos.length - 1;
    while (cmp(this.pos[i]!.v, a) > 0) i--;
    const lo = this.pos[i]!;
    const exact = cmp(lo.v, a) === 0;
    let flags = exact ? 0 : 1;
    let code: number;
    let overflow = false;
    if (exact) code = lo.code;
    else if (i === this.pos.length - 1) {
      // beyond max: on the unbounded grid the next point is max + ulp(max)
      overflow = up(lo, undefined) ? true : cmp(a, add(this.max, this.ulpMax)) >= 0;
      code = lo.code;
    } else code = up(lo, this.pos[i + 1]) ? this.pos[i + 1]!.code : lo.code;
    if (overflow) {
      flags |= 4;
      const toInf = mode === 'rne' || mode === 'rna' || mode === 'raz' || (mode === 'rup' && !isNeg) || (mode === 'rdn' && isNeg);
      if (this.f.specials === 'ieee' && toInf) code = ((2 ** this.f.e - 1) << this.f.m);
    }
    if (!exact && this.tiny(a, mode, isNeg)) flags |= 2;
    return { nan: false, code: code | signBit, flags };
  }

  /** Tininess after rounding: a rounded to p bits with an unbounded exponent is below 2^emin. */
  private tiny(a: Q, mode: string, isNeg: boolean): boolean {
    const minNormal = pow2(this.emin);
    if (cmp(a, minNormal) >= 0) return false;
    // the p-bit grid just below 2^emin has spacing 2^(emin−1−m); only rounding up to 2^emin escapes tininess
    const below = add(minNormal, neg(pow2(this.emin - 1 - this.f.m)));
    if (cmp(a, below) <= 0) return true;
    const c = cmp(a, half(add(below, minNormal)));
    const toUp = mode === 'rne' ? c >= 0 /* below is odd: a tie goes up */ : mode === 'rna' ? c >= 0 : mode === 'raz' ? true : mode === 'rup' ? !isNeg : mode === 'rdn' ? isNeg : false;
    return !toUp;
  }

  /** The result of op on codes (add sub mul div sqrt) in a mode. */
  op(op: string, codes: number[], mode: string): BruteResult {
    let v = 0;
    for (const c of codes) if (this.isSnan(c)) v = 16;
    const xs = codes.map((c) => this.decode(c));
    if (xs.includes('nan')) return { nan: true, flags: v };
    const ieee = this.f.specials === 'ieee';
    const isNegCode = (code: number) => (code >> (this.f.e + this.f.m)) === 1;
    const inf = (negative: boolean, z = 0): BruteResult => (ieee ? { nan: false, code: ((2 ** this.f.e - 1) << this.f.m) | (negative ? 2 ** (this.f.e + this.f.m) : 0), flags: z } : { nan: true, flags: z });
    const zero = (negative: boolean): BruteResult => ({ nan: false, code: negative ? 2 ** (this.f.e + this.f.m) : 0, flags: 0 });
    const [A, B] = xs;
    const [ca, cb] = codes as [number, number];
    const val = (d: (typeof xs)[number]) => (d as { v: Q }).v;
    if (op === 'sqrt') {
      if (A === 'inf') return isNegCode(ca) ? { nan: true, flags: 16 } : inf(false);
      const x = val(A);
      if (x.n === 0n) return zero(isNegCode(ca));
      if (x.n < 0n) return { nan: true, flags: 16 };
      return this.roundSqrt(x, mode);
    }
    const bNeg = op === 'sub' ? !isNegCode(cb) : isNegCode(cb);
    const aNeg = isNegCode(ca);
    if (op === 'add' || op === 'sub') {
      if (A === 'inf' && B === 'inf') return aNeg === bNeg ? inf(aNeg) : { nan: true, flags: 16 };
      if (A === 'inf') return inf(aNeg);
      if (B === 'inf') return inf(bNeg);
      const bv = op === 'sub' ? neg(val(B)) : val(B);
      const s = add(val(A), bv);
      if (s.n === 0n) return zero(val(A).n === 0n && bv.n === 0n && aNeg === bNeg ? aNeg : mode === 'rdn');
      return this.round(s, mode);
    }
    const pNeg = aNeg !== bNeg;
    if (op === 'mul') {
      if (A === 'inf' || B === 'inf') {
        const other = A === 'inf' ? B : A;
        if (other !== 'inf' && val(other).n === 0n) return { nan: true, flags: 16 };
        return inf(pNeg);
      }
      const p = mul(val(A), val(B));
      return p.n === 0n ? zero(pNeg) : this.round(p, mode);
    }
    // div
    if (A === 'inf') return B === 'inf' ? { nan: true, flags: 16 } : inf(pNeg);
    if (B === 'inf') return zero(pNeg);
    if (val(B).n === 0n) return val(A).n === 0n ? { nan: true, flags: 16 } : inf(pNeg, 8);
    if (val(A).n === 0n) return zero(pNeg);
    return this.round(q(val(A).n * val(B).d, val(A).d * val(B).n), mode);
  }

  /** sqrt(x) for x > 0: the neighbours are found by squaring values; never a tie. */
  private roundSqrt(x: Q, mode: string): BruteResult {
    let i = this.pos.length - 1;
    while (cmp(mul(this.pos[i]!.v, this.pos[i]!.v), x) > 0) i--;
    const lo = this.pos[i]!;
    if (cmp(mul(lo.v, lo.v), x) === 0) return { nan: false, code: lo.code, flags: 0 };
    const hi = this.pos[i + 1]!;
    const mid = half(add(lo.v, hi.v));
    const goUp = mode === 'raz' || mode === 'rup' ? true : mode === 'rne' || mode === 'rna' ? cmp(x, mul(mid, mid)) > 0 : mode === 'rto' ? (lo.code & 1) === 0 : false;
    return { nan: false, code: goUp ? hi.code : lo.code, flags: 1 };
  }
}
