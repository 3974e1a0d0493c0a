/**
 * A per-channel decision, as a function of the integer pre-activation s: given `rows` probe rows of C values
 * (row-major, s exact in float32), returns for each the unit's binary output, +1 or −1.
 * @example
 * const probe: ChannelProbe = (s, rows) => bnThenSign(s, rows); // the float path a folded threshold must match
 */
export type ChannelProbe = (s: Float32Array, rows: number) => Float32Array;

/**
 * Integer thresholds of C units, and which units fire on s ≤ t rather than s ≥ t.
 * @example
 * const { thresholds, flip }: FoldedThresholds = foldThresholds(probe, channels, lo, hi);
 */
export interface FoldedThresholds {
  /** Unit j outputs +1 iff (flip[j] ? −s : s) ≥ thresholds[j]. */
  thresholds: Int32Array;
  flip: Uint8Array;
}

/**
 * Folds a unit's batch norm and sign into one integer comparison (BinaryNet, Courbariaux, Hubara et al. 2016;
 * the threshold form of FINN, Umuroglu et al. 2017 §4.2): the decision sign(BN(s)) of each channel is a
 * monotone function of s (every float32 step is correctly rounded, hence monotone, and the sign is taken of the
 * result), so it changes at most once on [lo, hi]. This finds where, by bisection on the probe itself, so the
 * comparison reproduces the probed network's float32 arithmetic exactly, ties and rounding included:
 *
 * | probe(lo) | probe(hi) | rule                                                |
 * |-----------|-----------|-----------------------------------------------------|
 * | −1        | +1        | s ≥ t, t the least s with +1                         |
 * | +1        | −1        | −s ≥ 1 − t′, t′ the least s with −1 (flip)           |
 * | +1        | +1        | always: s ≥ lo                                       |
 * | −1        | −1        | never: s ≥ hi + 1                                    |
 *
 * Cost: 2 + ⌈log2(hi − lo)⌉ probe calls of one row each.
 * Not checked: monotonicity itself (a non-monotone probe gives some crossing point); `checkThresholds` tests it
 * exhaustively on small ranges.
 * @throws RangeError when lo > hi, the bounds are not integers in ±2^24, or the probe returns other than ±1.
 * @example foldThresholds((s) => s.map((v) => (v >= 3 ? 1 : -1)), 1, -10, 10) // { thresholds: [3], flip: [0] }
 */
export function foldThresholds(probe: ChannelProbe, channels: number, lo: number, hi: number): FoldedThresholds {
  const lim = 2 ** 24;
  if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo > hi || lo < -lim || hi > lim) {
    throw new RangeError(`foldThresholds: lo and hi must be integers in [−2^24, 2^24] with lo ≤ hi; got ${lo}, ${hi}`);
  }
  if (!Number.isInteger(channels) || channels < 1) throw new RangeError(`foldThresholds: channels must be an integer ≥ 1; got ${channels}`);
  const C = channels;
  const ask = (s: Float64Array | number): Float32Array => {
    const row = typeof s === 'number' ? new Float32Array(C).fill(s) : Float32Array.from(s);
    const out = probe(row, 1);
    for (let j = 0; j < C; j++) {
      if (out[j] !== 1 && out[j] !== -1) throw new RangeError(`foldThresholds: the probe must return ±1; got ${out[j]} for channel ${j} at s = ${row[j]}`);
    }
    return out;
  };
  const atLo = ask(lo);
  const atHi = ask(hi);
  // bisection on [L, H] per channel, with probe(L) = atLo and probe(H) = atHi where they differ
  const L = new Float64Array(C).fill(lo);
  const H = new Float64Array(C).fill(hi);
  const mid = new Float64Array(C);
  for (;;) {
    let open = false;
    for (let j = 0; j < C; j++) {
      if (atLo[j] !== atHi[j] && H[j]! - L[j]! > 1) open = true;
      mid[j] = Math.floor((L[j]! + H[j]!) / 2);
    }
    if (!open) break;
    const r = ask(mid);
    for (let j = 0; j < C; j++) {
      if (atLo[j] === atHi[j] || H[j]! - L[j]! <= 1) continue;
      if (r[j] === atLo[j]) L[j] = mid[j]!;
      else H[j] = mid[j]!;
    }
  }
  const thresholds = new Int32Array(C);
  const flip = new Uint8Array(C);
  for (let j = 0; j < C; j++) {
    if (atLo[j] === atHi[j]) thresholds[j] = atLo[j] === 1 ? lo : hi + 1;
    else if (atLo[j] === -1) thresholds[j] = H[j]!;
    else {
      flip[j] = 1;
      thresholds[j] = 1 - H[j]!;
    }
  }
  return { thresholds, flip };
}

/**
 * Compares folded thresholds with the probe at every integer s in [lo, hi] (an exhaustive check for tests and
 * for small layers). Returns the number of (s, channel) pairs that disagree.
 * @example
 * checkThresholds(probe, foldThresholds(probe, channels, -784, 784), -784, 784) // 0: no integer s disagrees
 */
export function checkThresholds(probe: ChannelProbe, folded: FoldedThresholds, lo: number, hi: number): number {
  const C = folded.thresholds.length;
  const rows = hi - lo + 1;
  const s = new Float32Array(rows * C);
  for (let r = 0; r < rows; r++) s.fill(lo + r, r * C, (r + 1) * C);
  const out = probe(s, rows);
  let bad = 0;
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < C; j++) {
      const v = lo + r;
      const fire = (folded.flip[j] ? -v : v) >= folded.thresholds[j]!;
      if (fire !== (out[r * C + j] === 1)) bad++;
    }
  }
  return bad;
}
