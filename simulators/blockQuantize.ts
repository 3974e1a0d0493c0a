import type { FormatSpec } from './formats/formatSpec.js';
import type { BlockOps, ExactValue, QuantizedLine } from './formats/blockOps.js';
import { handlerFor } from './registry.js';
import { formatToString } from './formats/parseFormat.js';
import { prepare, type QuantizeCounts, type QuantizeOptions } from './quantize.js';
import { FLAG_O, FLAG_U, FLAG_X } from './_internal/flags.js';
import { resolveInput, type ExactInput } from './exactInput.js';
import { blockStarts, roundBlocksQuotient } from './formats/_block/fastRound.js';
import { saturating } from './formats/_block/scaleFormat.js';

/**
 * Block-scaled quantization (scaled, mx, nvfp4 formats): a vector or a tensor is cut into blocks that share one
 * scale; each element is rounded once after scaling, and its value is scale × element (an exact double).
 */

function blockOps(fn: string, spec: FormatSpec): BlockOps<FormatSpec> {
  const ops = handlerFor(spec).block;
  if (!ops) throw new RangeError(`${fn}: format ${formatToString(spec)} is not block-scaled; expected a scaled(...), mx(...) or nvfp4 format`);
  return ops as BlockOps<FormatSpec>;
}

/**
 * Quantizes one vector (a CLI line): consecutive blocks of K elements (the last may be shorter), or one block for
 * `channel`/`tensor` layouts; for NVFP4 the vector is the tensor of the per-tensor scale. Inputs are numbers or
 * `ExactInput`s (exact rationals `{kind:'rational',num,den}`, read without rounding, or bit codes; a signalling NaN
 * is a NaN). Returns scale codes and values per block, element codes and values per element. `sr` draws once per
 * element, in order.
 * @throws RangeError for a format that is not block-scaled, a bad rounding mode or `sr` without a seed.
 * @example quantizeBlocks(parseFormat('mxfp4_e2m1'), [1, 2, 3, 100]).scaleCodes // [0x83n] (2^4)
 */
export function quantizeBlocks(spec: FormatSpec, xs: readonly ExactInput[] | Float32Array | Float64Array, opts?: QuantizeOptions): QuantizedLine {
  const ops = blockOps('quantizeBlocks', spec);
  const { mode, draw } = prepare('quantizeBlocks', spec, opts);
  if (!(xs instanceof Float32Array || xs instanceof Float64Array) && !Array.isArray(xs)) {
    throw new TypeError(`quantizeBlocks: xs must be an array of numbers or exact inputs, or a Float32Array/Float64Array; got ${Object.prototype.toString.call(xs)}`);
  }
  const line: ExactValue[] = xs instanceof Float32Array || xs instanceof Float64Array ? Array.from(xs) : xs.map((x, i) => exactValue(x, i));
  return ops.quantizeLines(spec, [line], mode, draw)[0]!;
}

/** An exact input as the block quantizers take it: a double, or a signed rational with den > 0. */
function exactValue(x: ExactInput, i: number): ExactValue {
  const r = resolveInput('quantizeBlocks', `xs[${i}]`, x);
  return r.kind === 'double' ? r.x : { num: r.neg ? -r.num : r.num, den: r.den };
}

/**
 * The values of one block from its codes (see `BlockOps.decodeBlock`).
 * @example dequantizeBlock(parseFormat('mxfp4_e2m1'), { scale: 0x83n }, [0x2n, 0x7n]) // [16, 96]
 */
export function dequantizeBlock(spec: FormatSpec, scale: { scale: bigint; zero?: bigint; tensorScale?: number }, codes: readonly bigint[]): number[] {
  return blockOps('dequantizeBlock', spec).decodeBlock(spec, scale, codes);
}

/**
 * Options of `quantizeBlocked`.
 * @example
 * quantizeBlocked(parseFormat('mxfp4_e2m1'), xs, [4, 64], { axis: -1, rounding: 'rne' })
 */
export interface BlockedOptions extends QuantizeOptions {
  /** The blocked axis (negative counts from the end); default: the spec's `axis=`, else the last axis. */
  axis?: number;
}

/**
 * Quantizes a row-major tensor of `shape` with a block format. The blocked axis (`options.axis`, else the spec's
 * `axis=K`, else the last axis) is cut as follows:
 *
 * | layout   | lines (each cut into blocks)                                                  |
 * |----------|-------------------------------------------------------------------------------|
 * | K        | every 1-D fiber along the axis, blocks of K consecutive elements (last shorter) |
 * | channel  | one line per index of the axis: every element with that index (one scale each) |
 * | tensor   | one line: the whole tensor                                                    |
 *
 * Lines are visited in row-major order of the other axes (elements in row-major order within a channel), and
 * `sr` draws once per element in that order. NVFP4's per-tensor scale covers the whole tensor. Into a
 * Float32Array, a value that needs more bits than float32 (a float32 scale times an integer element) is rounded
 * to nearest even once, as a float32 dequantization computes it; MX values on float32 inputs are always exact.
 * @throws RangeError for a shape that does not match, a bad axis, or a format that is not block-scaled.
 * @example quantizeBlocked(parseFormat('mxfp8_e4m3'), w, [784, 256], { axis: 0 }) // MX blocks along the reduction axis of a Dense kernel
 */
export function quantizeBlocked<T extends Float32Array | Float64Array>(
  spec: FormatSpec,
  xs: T,
  shape: readonly number[],
  opts?: BlockedOptions & { out?: T; counts?: QuantizeCounts },
): T {
  const fn = 'quantizeBlocked';
  if (!(xs instanceof Float32Array || xs instanceof Float64Array)) throw new TypeError(`${fn}: xs must be a Float32Array or Float64Array; got ${Object.prototype.toString.call(xs)}`);
  const ops = blockOps(fn, spec);
  const { dims, axis } = blockedGeometry(fn, xs.length, shape, opts?.axis ?? ops.axis(spec));
  const out = opts?.out ?? (new (xs.constructor as new (n: number) => T)(xs.length));
  if (out.length !== xs.length) throw new RangeError(`${fn}: options.out has length ${out.length}; expected ${xs.length}`);
  const { mode, draw } = prepare(fn, spec, opts);
  const c = opts?.counts;
  if (!c && ops.quantizeDoubles) {
    // values only: the doubles fast path (the same values and draws as quantizeLines), lines gathered contiguously
    const g = gatherLines(xs, dims, axis, ops.layout(spec));
    const o = new Float64Array(g.data.length);
    ops.quantizeDoubles(spec, g.data, g.lineLength, o, mode, draw);
    scatterLines(o, out, dims, axis, ops.layout(spec));
    return out;
  }
  const index = lineIndex(dims, axis, ops.layout(spec));
  const lines = index.map((ix) => Array.from(ix, (i) => xs[i]!));
  const q = ops.quantizeLines(spec, lines, mode, draw);
  for (let l = 0; l < index.length; l++) {
    const ix = index[l]!;
    const { values, flags } = q[l]!;
    for (let k = 0; k < ix.length; k++) {
      out[ix[k]!] = values[k]!;
      if (c) {
        const f = flags[k]!;
        if (f & FLAG_O) c.overflow++;
        if (f & FLAG_U) c.underflow++;
        if (f & FLAG_X) c.inexact++;
      }
    }
  }
  if (c) c.count += xs.length;
  return out;
}

/**
 * Quantizes a tensor with given scales, one per line of a `scaled(...)` format with `block=channel` or
 * `block=tensor` (a learned scale, LSQ: `amax=learned`): each scale is first rounded to nearest into the scale
 * format (saturating), then every element is x/s rounded once in the mode into the element format (saturating),
 * and its value is s × element. Channels are the indexes of the blocked axis, in order. `sr` draws once per
 * element, in line order.
 * @throws RangeError for another format, a number of scales that is not the number of lines, or a scale that is
 * not a positive finite number.
 * @example quantizeWithScales(parseFormat('scaled(elem=int4,scale=float32,block=tensor,amax=learned)'), xs, [8, 16], [0.05])
 */
export function quantizeWithScales<T extends Float32Array | Float64Array>(
  spec: FormatSpec,
  xs: T,
  shape: readonly number[],
  scales: ArrayLike<number>,
  opts?: BlockedOptions & { out?: T },
): T {
  const fn = 'quantizeWithScales';
  if (spec.kind !== 'scaled' || typeof spec.block === 'number') throw new RangeError(`${fn}: format must be scaled(...) with block=channel or block=tensor; got ${formatToString(spec)}`);
  const ops = blockOps(fn, spec);
  const { dims, axis } = blockedGeometry(fn, xs.length, shape, opts?.axis ?? ops.axis(spec));
  const g = gatherLines(xs, dims, axis, spec.block);
  const lines = g.lineLength === 0 ? 0 : g.data.length / g.lineLength;
  if (scales.length !== lines) throw new RangeError(`${fn}: ${lines} line(s) (${spec.block}) need ${lines} scale(s); got ${scales.length}`);
  const S = saturating(spec.scale);
  const hS = handlerFor(S);
  const ds = new Float64Array(lines);
  for (let l = 0; l < lines; l++) {
    const v = scales[l]!;
    if (!(v > 0 && v < Infinity)) throw new RangeError(`${fn}: scales[${l}] must be a positive finite number; got ${v}`);
    ds[l] = hS.round(S, v, 'rne', 0).value;
  }
  const { mode, draw } = prepare(fn, spec, opts);
  const E = saturating(spec.elem);
  const o = new Float64Array(g.data.length);
  const starts = blockStarts(g.data.length, g.lineLength, Math.max(1, g.lineLength));
  roundBlocksQuotient(E, g.data, o, starts, ds, mode, draw);
  for (let l = 0; l < lines; l++) for (let i = l * g.lineLength; i < (l + 1) * g.lineLength; i++) o[i] = ds[l]! * o[i]!;
  const out = opts?.out ?? (new (xs.constructor as new (n: number) => T)(xs.length));
  scatterLines(o, out, dims, axis, spec.block);
  return out;
}

/** The element indexes of each line (see `quantizeBlocked`'s table). */
export function lineIndex(dims: readonly number[], axis: number, layout: number | 'channel' | 'tensor'): Int32Array[] {
  const n = dims.reduce((a, b) => a * b, 1);
  if (layout === 'tensor') return [Int32Array.from({ length: n }, (_, i) => i)];
  const d = dims[axis]!;
  const inner = dims.slice(axis + 1).reduce((a, b) => a * b, 1);
  const outer = d === 0 ? 0 : n / (d * inner);
  if (layout === 'channel') {
    return Array.from({ length: d }, (_, ch) => {
      const ix = new Int32Array(outer * inner);
      let k = 0;
      for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) ix[k++] = (o * d + ch) * inner + i;
      return ix;
    });
  }
  const lines: Int32Array[] = [];
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const ix = new Int32Array(d);
      for (let j = 0; j < d; j++) ix[j] = (o * d + j) * inner + i;
      lines.push(ix);
    }
  }
  return lines;
}

/** Line geometry: `count` lines of `len` elements; element k of line l is at xs[at(l, k)] (see `lineIndex`). */
function geometry(dims: readonly number[], axis: number, layout: number | 'channel' | 'tensor') {
  const n = dims.reduce((a, b) => a * b, 1);
  const d = dims[axis] ?? 1;
  const inner = dims.slice(axis + 1).reduce((a, b) => a * b, 1);
  const outer = d === 0 || inner === 0 ? 0 : n / (d * inner);
  if (layout === 'tensor') return { count: 1, len: n, d, inner, outer, kind: 'tensor' as const };
  if (layout === 'channel') return { count: d, len: outer * inner, d, inner, outer, kind: 'channel' as const };
  return { count: outer * inner, len: d, d, inner, outer, kind: 'fiber' as const };
}

/** Copies the lines of a tensor into one contiguous Float64Array, line after line. */
function gatherLines(xs: Float32Array | Float64Array, dims: readonly number[], axis: number, layout: number | 'channel' | 'tensor'): { data: Float64Array; lineLength: number } {
  const G = geometry(dims, axis, layout);
  const data = new Float64Array(G.count * G.len);
  copyLines(xs, data, G, true);
  return { data, lineLength: G.len };
}

/** Writes the contiguous line data back to tensor order. */
function scatterLines(data: Float64Array, out: Float32Array | Float64Array, dims: readonly number[], axis: number, layout: number | 'channel' | 'tensor'): void {
  copyLines(out, data, geometry(dims, axis, layout), false);
}

function copyLines(t: Float32Array | Float64Array, data: Float64Array, G: ReturnType<typeof geometry>, toData: boolean): void {
  const { d, inner, outer } = G;
  if (G.kind === 'tensor' || (G.kind === 'fiber' && inner === 1)) {
    // fibers of the last axis (and the whole tensor) are already contiguous
    if (toData) data.set(t);
    else t.set(data);
    return;
  }
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < d; j++) {
      const src = (o * d + j) * inner;
      // fiber: line (o, i), element j; channel: line j, element (o, i)
      for (let i = 0; i < inner; i++) {
        const k = G.kind === 'fiber' ? (o * inner + i) * d + j : j * outer * inner + o * inner + i;
        if (toData) data[k] = t[src + i]!;
        else t[src + i] = data[k]!;
      }
    }
  }
}

/**
 * Checks a tensor's `shape` against its element count `n` and resolves the blocked axis (`axis`: from the options or
 * the spec's `axis=K`; undefined means the last), negative axes counting from the end.
 * @throws RangeError naming `fn` for a shape that is not a list of non-negative integers, whose product is not n,
 * or an axis outside -rank..rank-1.
 */
function blockedGeometry(fn: string, n: number, shape: readonly number[], axis: number | undefined): { dims: readonly number[]; axis: number } {
  if (!Array.isArray(shape) || shape.some((d) => !Number.isSafeInteger(d) || d < 0)) throw new RangeError(`${fn}: shape must be a list of non-negative integers; got ${JSON.stringify(shape)}`);
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== n) throw new RangeError(`${fn}: shape ${JSON.stringify(shape)} has ${size} elements; xs has ${n}`);
  const rank = Math.max(1, shape.length);
  const a0 = axis ?? -1;
  if (!Number.isInteger(a0) || a0 < -rank || a0 >= rank) throw new RangeError(`${fn}: axis must be an integer in ${-rank}..${rank - 1}; got ${a0}`);
  return { dims: shape.length ? shape : [n], axis: a0 < 0 ? a0 + rank : a0 };
}
