import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** IDX bytes (type 0x08) for `dims` and `data`, written by hand: the format's header, big-endian sizes. */
export function idxBytes(dims: number[], data: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  out.set([0, 0, 0x08, dims.length]);
  const view = new DataView(out.buffer);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(Array.from(data), 4 + 4 * dims.length);
  return out;
}

/** A fresh temp folder with the four gzipped (Fashion-)MNIST IDX files: pixel (i, p) = (7i + p) mod 256, label = i mod 10. */
export function writeIdxFolder(nTrain: number, nTest: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'lowbit-idx-'));
  const images = (n: number): number[] => Array.from({ length: n * 784 }, (_, k) => (7 * Math.floor(k / 784) + (k % 784)) % 256);
  const labels = (n: number): number[] => Array.from({ length: n }, (_, i) => i % 10);
  const write = (name: string, dims: number[], data: number[]): void =>
    writeFileSync(join(dir, name), gzipSync(idxBytes(dims, data)));
  write('train-images-idx3-ubyte.gz', [nTrain, 28, 28], images(nTrain));
  write('train-labels-idx1-ubyte.gz', [nTrain], labels(nTrain));
  write('t10k-images-idx3-ubyte.gz', [nTest, 28, 28], images(nTest));
  write('t10k-labels-idx1-ubyte.gz', [nTest], labels(nTest));
  return dir;
}
