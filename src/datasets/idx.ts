import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/** A parsed IDX file: its dimensions and its bytes (a view into the decompressed buffer, no copy). */
export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

/**
 * Parses an IDX file (LeCun et al., "The MNIST database", file-format section): bytes 0–1 are zero, byte 2 is
 * the element type (0x08 = unsigned byte), byte 3 the number of dimensions d, then d big-endian uint32 sizes,
 * then the elements row-major. Only type 0x08 is supported (the type of every (Fashion-)MNIST file); other
 * types, a bad magic, or a length that disagrees with the dimensions throw an Error naming `what`.
 * @example parseIdx(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 2, 7, 9])) // { dims: [2], data: [7, 9] }
 */
export function parseIdx(bytes: Uint8Array, what = 'IDX data'): IdxArray {
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) {
    throw new Error(`parseIdx: ${what} is not an IDX file (magic must start with two zero bytes)`);
  }
  if (bytes[2] !== 0x08) {
    throw new Error(`parseIdx: ${what} has element type 0x${bytes[2]!.toString(16)}; only 0x08 (unsigned byte) is supported`);
  }
  const ndims = bytes[3]!;
  const header = 4 + 4 * ndims;
  if (ndims === 0 || bytes.length < header) throw new Error(`parseIdx: ${what} has a truncated header (${ndims} dims)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: ndims }, (_, i) => view.getUint32(4 + 4 * i, false));
  const size = dims.reduce((a, b) => a * b, 1);
  if (bytes.length !== header + size) {
    throw new Error(`parseIdx: ${what} holds ${bytes.length - header} data bytes but its dims [${dims}] need ${size}`);
  }
  return { dims, data: bytes.subarray(header) };
}

/**
 * Reads and parses a gzipped IDX file. `installHint` is appended to the error when the file is missing.
 * The gunzip result is a Buffer that may sit inside a larger pooled ArrayBuffer, so it is wrapped with its
 * byteOffset and explicit length.
 */
export function readIdxGz(file: string, installHint: string): IdxArray {
  if (!existsSync(file)) throw new Error(`dataset file not found: ${file}. ${installHint}`);
  const buf = gunzipSync(readFileSync(file));
  return parseIdx(new Uint8Array(buf.buffer, buf.byteOffset, buf.length), file);
}
