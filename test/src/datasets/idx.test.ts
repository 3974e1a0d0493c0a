import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseIdx, readIdxGz } from '../../../src/datasets/idx.js';
import { idxBytes, writeIdxFolder } from './_idxFixture.js';

describe('parseIdx', () => {
  it('reads dims big-endian and returns the data bytes', () => {
    const parsed = parseIdx(idxBytes([2, 3], [1, 2, 3, 4, 5, 6]));
    expect(parsed.dims).toEqual([2, 3]);
    expect(Array.from(parsed.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('reads a dimension above 255 (needs all four header bytes)', () => {
    expect(parseIdx(idxBytes([300], new Uint8Array(300))).dims).toEqual([300]);
  });

  it('works on a view with a non-zero byteOffset inside a larger buffer', () => {
    const bytes = idxBytes([2], [9, 8]);
    const big = new Uint8Array(bytes.length + 13);
    big.set(bytes, 5);
    const parsed = parseIdx(big.subarray(5, 5 + bytes.length));
    expect(parsed.dims).toEqual([2]);
    expect(Array.from(parsed.data)).toEqual([9, 8]);
  });

  it('rejects a bad magic, an unsupported element type, a truncated header and a wrong length', () => {
    expect(() => parseIdx(new Uint8Array([1, 0, 8, 1, 0, 0, 0, 0]), 'f')).toThrow(/parseIdx: f is not an IDX file/);
    const floats = idxBytes([1], [0]);
    floats[2] = 0x0d;
    expect(() => parseIdx(floats, 'f')).toThrow(/parseIdx: f has element type 0xd; only 0x08 \(unsigned byte\) is supported/);
    expect(() => parseIdx(new Uint8Array([0, 0, 8, 2, 0, 0]), 'f')).toThrow(/parseIdx: f has a truncated header \(2 dims\)/);
    expect(() => parseIdx(idxBytes([4], [1, 2, 3]), 'f')).toThrow(/parseIdx: f holds 3 data bytes but its dims \[4\] need 4/);
  });
});

describe('readIdxGz', () => {
  it('reads a gzipped IDX file a test wrote itself', () => {
    const dir = writeIdxFolder(3, 2);
    const labels = readIdxGz(join(dir, 'train-labels-idx1-ubyte.gz'), 'hint');
    expect(labels.dims).toEqual([3]);
    expect(Array.from(labels.data)).toEqual([0, 1, 2]);
    const images = readIdxGz(join(dir, 't10k-images-idx3-ubyte.gz'), 'hint');
    expect(images.dims).toEqual([2, 28, 28]);
    expect(images.data[784 + 5]).toBe(12);
  });

  it('names the missing path and the hint', () => {
    expect(() => readIdxGz('/nonexistent/x.gz', 'Install it with Y.'))
      .toThrow('dataset file not found: /nonexistent/x.gz. Install it with Y.');
  });

  it('reports a corrupt file by its path', () => {
    const dir = writeIdxFolder(1, 1);
    const file = join(dir, 'bad.gz');
    writeFileSync(file, gzipSync(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 5, 1])));
    expect(() => readIdxGz(file, 'hint')).toThrow(`parseIdx: ${file} holds 1 data bytes but its dims [5] need 5`);
  });
});
