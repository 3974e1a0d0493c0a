/**
 * Sign packing for the XNOR-popcount unit (BinaryNet, Courbariaux et al. 2016, `Run-time/binary_kernels.cu`):
 * element i of a ±1 vector is bit (i mod 32) of word ⌊i/32⌋, least significant bit first, and the bit is 1 when
 * the value is ≥ 0 (so +1, +0 and −0 pack as 1, and −1 as 0), as BinaryNet packs `x ≥ 0`.
 *
 * Padding: the bits past n in the last word are 0 in every packed vector, so a xor b is 0 there and they add
 * nothing to popcount(a xor b). The dot functions also mask them, so hand-made words with other padding work too.
 */

/** Words needed for n signs. */
export function signWords(n: number): number {
  return (n + 31) >>> 5;
}

/**
 * Packs the signs of `values[0..n)` (default n = values.length) into ⌈n/32⌉ words.
 * @throws RangeError for NaN elements or a bad n.
 * @example packSigns([1, -1, 1]) // Uint32Array [0b101]
 */
export function packSigns(values: ArrayLike<number>, n: number = values?.length): Uint32Array {
  checkValues('packSigns', values);
  if (!Number.isInteger(n) || n < 0 || n > values.length) {
    throw new RangeError(`packSigns: n must be an integer in 0..${values.length} (values.length); got ${n}`);
  }
  const out = new Uint32Array(signWords(n));
  packInto('packSigns', values, 0, 1, n, out, 0);
  return out;
}

/**
 * A row-major matrix of packed signs: row r occupies words [r·wordsPerRow, (r+1)·wordsPerRow).
 * @example
 * const w: PackedSignMatrix = packSignMatrix(weights, rows, cols); // 32 signs per word
 * xnorMatMul(packSignMatrix(x, n, cols), w)
 */
export interface PackedSignMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly wordsPerRow: number;
  readonly words: Uint32Array;
}

/**
 * Packs a row-major rows×cols matrix of ±1 values row by row. With `transpose`, packs its columns instead,
 * giving the cols×rows matrix Bᵀ that `xnorMatMul` takes as its right operand (each packed row is a column).
 * @throws RangeError for NaN elements, bad dimensions or a length other than rows·cols.
 * @example packSignMatrix([1, -1, -1, 1], 2, 2).words // Uint32Array [0b01, 0b10]
 */
export function packSignMatrix(values: ArrayLike<number>, rows: number, cols: number, options?: { transpose?: boolean }): PackedSignMatrix {
  const fn = 'packSignMatrix';
  checkValues(fn, values);
  for (const [name, d] of [['rows', rows], ['cols', cols]] as const) {
    if (!Number.isInteger(d) || d < 0 || d > 2 ** 30) throw new RangeError(`${fn}: ${name} must be an integer in 0..2^30; got ${d}`);
  }
  if (values.length !== rows * cols) throw new RangeError(`${fn}: values.length must be rows·cols = ${rows * cols}; got ${values.length}`);
  const t = options?.transpose === true;
  const [R, C] = t ? [cols, rows] : [rows, cols];
  const wordsPerRow = signWords(C);
  const words = new Uint32Array(R * wordsPerRow);
  // packed row r, element c is values[r·cols + c] (rows) or values[c·cols + r] (transpose)
  for (let r = 0; r < R; r++) packInto(fn, values, t ? r : r * cols, t ? cols : 1, C, words, r * wordsPerRow);
  return { rows: R, cols: C, wordsPerRow, words };
}

/**
 * Unpacks n signs into a ±1 Float32Array (bits past n are ignored).
 * @throws RangeError when words has fewer than ⌈n/32⌉ words.
 * @example unpackSigns(new Uint32Array([0b101]), 3) // Float32Array [1, -1, 1]
 */
export function unpackSigns(words: Uint32Array, n: number): Float32Array {
  if (!(words instanceof Uint32Array)) throw new TypeError(`unpackSigns: words must be a Uint32Array; got ${Object.prototype.toString.call(words)}`);
  if (!Number.isInteger(n) || n < 0 || signWords(n) > words.length) {
    throw new RangeError(`unpackSigns: n must be an integer in 0..${32 * words.length} (32·words.length); got ${n}`);
  }
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (words[i >>> 5]! >>> (i & 31)) & 1 ? 1 : -1;
  return out;
}

function checkValues(fn: string, values: unknown): asserts values is ArrayLike<number> {
  if (values === null || typeof values !== 'object' || typeof (values as ArrayLike<number>).length !== 'number') {
    throw new TypeError(`${fn}: values must be an array or typed array of numbers; got ${String(values)}`);
  }
}

function packInto(fn: string, values: ArrayLike<number>, start: number, stride: number, n: number, out: Uint32Array, at: number): void {
  let word = 0;
  for (let i = 0; i < n; i++) {
    const v = values[start + i * stride]!;
    if (v >= 0) word |= 1 << (i & 31);
    else if (!(v < 0)) throw new RangeError(`${fn}: values[${start + i * stride}] must be a number (its sign is packed); got ${String(v)}`);
    if ((i & 31) === 31) {
      out[at + (i >>> 5)] = word;
      word = 0;
    }
  }
  if (n & 31) out[at + (n >>> 5)] = word;
}
