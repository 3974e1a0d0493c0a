import type { DfixedSpec, FixedOverflow, FixedSpec } from './formatSpec.js';
import { quantizeArray, type QuantizeCounts, type QuantizeOptions } from '../quantize.js';
import { pow2 } from '../_internal/bits.js';
import { quantizeFixedRneCounting } from '../fastpath/wasmRne.js';

/**
 * Options of `DynamicFixedState`.
 * @example
 * new DynamicFixedState({ w: 10, f: 6, maxOverflowRate: 1e-4 })
 */
export interface DynamicFixedStateOptions {
  /** Total width in bits, sign included (Courbariaux's NOB + 1): an integer in 2..53. */
  w: number;
  /** Initial fraction length; default w − 1 − 5 (five integer bits, "5 works most of the time"). */
  f?: number;
  /** Overflow of the quantizer (default `saturate`). */
  overflow?: FixedOverflow;
  /** Largest acceptable overflow rate, in [0, 1) (default 1e-4 = 0.01 %). */
  maxOverflowRate?: number;
  /** Batches between range updates, an integer ≥ 1 (default 100). */
  updateEvery?: number;
  /** Width used while range initialisation is active (default 32: Courbariaux's 31 bits + sign), 2..53. */
  rangeInitW?: number;
}

/**
 * What one range update did: `widen` (f − 1), `keep`, or `narrow` (f + 1), with the mean rates it used.
 * @example
 * state.observe(batchValues);
 * const u: DynamicFixedUpdate | null = state.endBatch(); // null between updates
 */
export interface DynamicFixedUpdate {
  action: 'widen' | 'keep' | 'narrow';
  r0: number;
  r1: number;
  fBefore: number;
  f: number;
}

/**
 * Checkpoint form of a `DynamicFixedState` (plain JSON; `f` is the fraction length at width `w`).
 * @example
 * const saved: DynamicFixedStateJSON = state.toJSON();
 * DynamicFixedState.fromJSON(saved)
 */
export interface DynamicFixedStateJSON extends Required<DynamicFixedStateOptions> {
  rangeInit: boolean;
  batches: number;
  dataBatches: number;
  sum0: number;
  sum1: number;
  count0: number;
  count1: number;
  total: number;
}

/** Integer bits stay in this range so every threshold and value is an exact double and `f` stays parseable. */
const NOIB_MIN = -1021;
const NOIB_MAX = 999;

/**
 * Dynamic fixed point (Courbariaux, Bengio & David 2014, "Training deep neural networks with low precision
 * multiplications", §3 and code `format.py`/`trainer.py`): one group of values (e.g. one layer's weights) shares a
 * signed w-bit fixed format whose fraction length f is state. Integer bits NOIB = w − 1 − f.
 *
 * Per batch, `observe` the group's values, then call `endBatch`. The batch's overflow rates are
 * r0 = mean(|x| ≥ (2^(w−1) − 1)·2^−f) and r1 = the same at f + 1 (one integer bit fewer). Every `updateEvery`
 * batches, with the means over those batches:
 *
 * | condition            | action | f      |
 * |----------------------|--------|--------|
 * | r0 > maxOverflowRate | widen  | f − 1  |
 * | else r1 > max…Rate   | keep   | f      |
 * | else                 | narrow | f + 1  |
 *
 * then the counters reset. A batch in which nothing was observed counts toward `updateEvery` but not toward the
 * means; a period with no observed value keeps f. NaN counts as a value that never overflows (as `T.ge` in the
 * paper's code). Range initialisation (`beginRangeInit`/`endRangeInit`, the paper's `init_range`): while active,
 * the format and the overflow test use `rangeInitW` bits with the same integer bits, so the range adapts at high
 * precision; at the end the integer bits are kept and f = w − 1 − NOIB. The training side saves and restores the
 * parameters around it (range_init_epoch epochs).
 *
 * Range convention: lowbit's fixed is two's complement, codes [−2^(w−1), 2^(w−1) − 1], while the paper clips
 * symmetrically to ±(2^(w−1) − 1)·2^−f. The quantizer (`quantize`, `spec`) is lowbit's; the overflow test is the
 * paper's symmetric threshold |x| ≥ (2^(w−1) − 1)·2^−f, so −2^(w−1)·2^−f, although representable, counts.
 * Not modelled: f is kept in [w − 1 − 999, w − 1 + 1021] (the update stops there), so values stay doubles.
 * @example
 * const s = new DynamicFixedState({ w: 10, updateEvery: 1 });
 * s.observe([100]); s.endBatch(); // 100 ≥ (2^9 − 1)·2^−4 → widen: s.f === 3
 */
export class DynamicFixedState {
  readonly w: number;
  readonly overflow: FixedOverflow;
  readonly maxOverflowRate: number;
  readonly updateEvery: number;
  readonly rangeInitW: number;
  private noib: number;
  private rangeInit = false;
  private batches = 0;
  private dataBatches = 0;
  private sum0 = 0;
  private sum1 = 0;
  private count0 = 0;
  private count1 = 0;
  private total = 0;

  constructor(options: DynamicFixedStateOptions) {
    const fn = 'DynamicFixedState';
    if (typeof options !== 'object' || options === null) throw new TypeError(`${fn}: options must be an object with w; got ${String(options)}`);
    const known = ['w', 'f', 'overflow', 'maxOverflowRate', 'updateEvery', 'rangeInitW'];
    const extra = Object.keys(options).find((k) => !known.includes(k));
    if (extra !== undefined) throw new RangeError(`${fn}: unknown option '${extra}'; allowed: ${known.join(', ')}`);
    this.w = checkInt(fn, 'options.w', options.w, 2, 53);
    const f = checkInt(fn, 'options.f', options.f ?? this.w - 6, this.w - 1 - NOIB_MAX, this.w - 1 - NOIB_MIN);
    this.noib = this.w - 1 - f;
    const ov = options.overflow ?? 'saturate';
    if (ov !== 'saturate' && ov !== 'wrap') throw new RangeError(`${fn}: options.overflow must be saturate or wrap; got ${String(ov)}`);
    this.overflow = ov;
    const r = options.maxOverflowRate ?? 1e-4;
    if (typeof r !== 'number' || !(r >= 0 && r < 1)) throw new RangeError(`${fn}: options.maxOverflowRate must be a number in [0, 1); got ${String(r)}`);
    this.maxOverflowRate = r;
    this.updateEvery = checkInt(fn, 'options.updateEvery', options.updateEvery ?? 100, 1, Number.MAX_SAFE_INTEGER);
    this.rangeInitW = checkInt(fn, 'options.rangeInitW', options.rangeInitW ?? 32, 2, 53);
  }

  /** A state for a parsed `dfixed(w=W,f=F,overflow=…)` spec. */
  static fromSpec(spec: DfixedSpec, options?: Omit<DynamicFixedStateOptions, 'w' | 'f' | 'overflow'>): DynamicFixedState {
    if (spec?.kind !== 'dfixed') throw new TypeError(`DynamicFixedState.fromSpec: spec must be a dfixed FormatSpec; got kind ${JSON.stringify(spec?.kind)}`);
    return new DynamicFixedState({ ...options, w: spec.w, f: spec.f, overflow: spec.overflow });
  }

  /** Width of the active format: `rangeInitW` during range initialisation, else `w`. */
  get width(): number {
    return this.rangeInit ? this.rangeInitW : this.w;
  }
  /** Current fraction length of the active format. */
  get f(): number {
    return this.width - 1 - this.noib;
  }
  /** Current integer bits NOIB (sign excluded), shared by both widths. */
  get integerBits(): number {
    return this.noib;
  }
  /** True between `beginRangeInit` and `endRangeInit`. */
  get inRangeInit(): boolean {
    return this.rangeInit;
  }

  /** The fixed format values are quantized with now: signed, `width` bits, fraction length `f`. */
  spec(): FixedSpec {
    return { kind: 'fixed', signed: true, w: this.width, f: this.f, overflow: this.overflow };
  }

  /** Adds one batch's values (or a part of them) to the current batch's overflow counts. */
  observe(values: ArrayLike<number>): void {
    if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
      throw new TypeError(`DynamicFixedState.observe: values must be an array or typed array of numbers; got ${String(values)}`);
    }
    const t0 = (2 ** (this.width - 1) - 1) * pow2(-this.f);
    const t1 = t0 / 2; // exact: the threshold at f + 1
    let c0 = 0;
    let c1 = 0;
    for (let i = 0; i < values.length; i++) {
      const a = Math.abs(values[i]!);
      if (a >= t1) {
        c1++;
        if (a >= t0) c0++;
      }
    }
    this.count0 += c0;
    this.count1 += c1;
    this.total += values.length;
  }

  /**
   * `observe(values)` and rounding to nearest even into `spec` (written to `out`, which may be `values`) in one
   * pass, where the WebAssembly kernel applies (a saturating fixed `spec` of ≤ 25 bits, float32 thresholds);
   * false, having done nothing, otherwise — then call `observe` and `quantizeArray` as usual. Same counts and bits.
   * `spec` is normally `spec()`; the training side may pass the format it rounds into (see `RoleQuantizer`).
   */
  observeRoundingRne(values: Float32Array, spec: FixedSpec, out: Float32Array): boolean {
    if (!(values instanceof Float32Array) || !(out instanceof Float32Array) || (out !== values && out.buffer === values.buffer)) return false;
    const t0 = (2 ** (this.width - 1) - 1) * pow2(-this.f);
    const c = quantizeFixedRneCounting(spec, values, out, t0, t0 / 2);
    if (c === null) return false;
    this.count0 += c.c0;
    this.count1 += c.c1;
    this.total += values.length;
    return true;
  }

  /** Closes a batch; every `updateEvery` batches applies the range update and returns what it did, else null. */
  endBatch(): DynamicFixedUpdate | null {
    if (this.total > 0) {
      this.sum0 += this.count0 / this.total;
      this.sum1 += this.count1 / this.total;
      this.dataBatches++;
    }
    this.count0 = this.count1 = this.total = 0;
    if (++this.batches < this.updateEvery) return null;
    const fBefore = this.f;
    const r0 = this.dataBatches ? this.sum0 / this.dataBatches : 0;
    const r1 = this.dataBatches ? this.sum1 / this.dataBatches : 0;
    let action: DynamicFixedUpdate['action'];
    if (this.dataBatches === 0) action = 'keep';
    else if (r0 > this.maxOverflowRate) action = 'widen';
    else if (r1 > this.maxOverflowRate) action = 'keep';
    else action = 'narrow';
    if (action === 'widen') this.noib = Math.min(NOIB_MAX, this.noib + 1);
    if (action === 'narrow') this.noib = Math.max(NOIB_MIN, this.noib - 1);
    this.resetCounters();
    return { action, r0, r1, fBefore, f: this.f };
  }

  /** Quantizes values with the current format (see `quantizeArray` for the options). */
  quantize<T extends Float32Array | Float64Array>(values: T, options?: QuantizeOptions & { out?: T; counts?: QuantizeCounts }): T {
    return quantizeArray(this.spec(), values, options);
  }

  /** Starts range initialisation: the format and the overflow test switch to `rangeInitW` bits. */
  beginRangeInit(): void {
    if (this.rangeInit) throw new RangeError('DynamicFixedState.beginRangeInit: range initialisation is already active; call endRangeInit first');
    this.rangeInit = true;
    this.resetCounters();
  }

  /** Ends range initialisation, keeping the integer bits it found. */
  endRangeInit(): void {
    if (!this.rangeInit) throw new RangeError('DynamicFixedState.endRangeInit: range initialisation is not active; call beginRangeInit first');
    this.rangeInit = false;
    this.resetCounters();
  }

  private resetCounters(): void {
    this.batches = this.dataBatches = 0;
    this.sum0 = this.sum1 = 0;
    this.count0 = this.count1 = this.total = 0;
  }

  /** Checkpoint: everything needed to resume, counters included. */
  toJSON(): DynamicFixedStateJSON {
    const { w, overflow, maxOverflowRate, updateEvery, rangeInitW, rangeInit, batches, dataBatches, sum0, sum1, count0, count1, total } = this;
    return { w, f: w - 1 - this.noib, overflow, maxOverflowRate, updateEvery, rangeInitW, rangeInit, batches, dataBatches, sum0, sum1, count0, count1, total };
  }

  /** Restores a checkpoint written by `toJSON` (validated: unknown or missing keys throw). */
  static fromJSON(json: unknown): DynamicFixedState {
    const o = checkCheckpoint(json);
    const s = new DynamicFixedState({
      w: o.w,
      f: o.f,
      overflow: o.overflow,
      maxOverflowRate: o.maxOverflowRate,
      updateEvery: o.updateEvery,
      rangeInitW: o.rangeInitW,
    });
    s.rangeInit = o.rangeInit;
    s.batches = o.batches;
    s.dataBatches = o.dataBatches;
    s.sum0 = o.sum0;
    s.sum1 = o.sum1;
    s.count0 = o.count0;
    s.count1 = o.count1;
    s.total = o.total;
    return s;
  }
}

function checkInt(fn: string, arg: string, x: unknown, lo: number, hi: number): number {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < lo || x > hi) {
    throw new RangeError(`${fn}: ${arg} must be an integer in ${lo}..${hi}; got ${String(x)}`);
  }
  return x;
}

const COUNTERS = ['batches', 'dataBatches', 'sum0', 'sum1', 'count0', 'count1', 'total'] as const;

/** Checks the shape of a checkpoint; the option fields are checked again by the constructor. */
function checkCheckpoint(json: unknown): DynamicFixedStateJSON {
  const fn = 'DynamicFixedState.fromJSON';
  if (typeof json !== 'object' || json === null) throw new TypeError(`${fn}: json must be an object; got ${String(json)}`);
  const o = json as Record<string, unknown>;
  const keys = ['w', 'f', 'overflow', 'maxOverflowRate', 'updateEvery', 'rangeInitW', 'rangeInit', ...COUNTERS];
  const extra = Object.keys(o).find((k) => !keys.includes(k));
  if (extra !== undefined) throw new RangeError(`${fn}: unknown key '${extra}'; allowed: ${keys.join(', ')}`);
  const missing = keys.find((k) => !(k in o));
  if (missing !== undefined) throw new RangeError(`${fn}: missing key '${missing}'`);
  if (typeof o.rangeInit !== 'boolean') throw new RangeError(`${fn}: rangeInit must be a boolean; got ${String(o.rangeInit)}`);
  for (const k of COUNTERS) {
    const v = o[k];
    const isSum = k === 'sum0' || k === 'sum1';
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (!isSum && !Number.isInteger(v))) {
      throw new RangeError(`${fn}: ${k} must be a finite number ≥ 0${isSum ? '' : ' (an integer)'}; got ${String(v)}`);
    }
  }
  return o as unknown as DynamicFixedStateJSON;
}
