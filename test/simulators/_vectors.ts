import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

/** The oracle vectors, copied from ../shared/vectors into test/fixtures/vectors (gzipped) so a clone stands alone. */
export const VECTOR_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'vectors');

export function readJson<T>(rel: string): T {
  return JSON.parse(readFileSync(join(VECTOR_DIR, rel), 'utf8')) as T;
}

export function readJsonl<T>(rel: string): T[] {
  const text = gunzipSync(readFileSync(join(VECTOR_DIR, rel + '.gz'))).toString('utf8');
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}

export interface FloatFormatParams {
  ebits: number;
  mbits: number;
  subnormals: boolean | 'ftz';
  specials: 'ieee' | 'fn' | 'fnuz';
  overflow: 'inf' | 'saturate' | 'nan';
  nbits: number;
  maxfinite_f64: string;
}

/** The lowbit spec string of an oracle float format (the same mapping as shared/tools/check-cli-vectors). */
export function floatSpecString(p: FloatFormatParams): string {
  let s = `float(e=${p.ebits},m=${p.mbits}`;
  if (p.specials !== 'ieee') s += `,specials=${p.specials}`;
  if (p.subnormals === false) s += ',subnormals=off';
  else if (p.subnormals === 'ftz') s += ',subnormals=ftz';
  const dflt = p.specials === 'ieee' ? 'inf' : 'saturate';
  if (p.overflow !== dflt) s += `,overflow=${p.overflow}`;
  return s + ')';
}

export interface FixedFormatParams {
  wl: number;
  fl: number;
  signed: boolean;
  overflow: 'saturate' | 'wrap';
}

export function fixedSpecString(p: FixedFormatParams): string {
  return `${p.signed ? 'fixed' : 'ufixed'}(w=${p.wl},f=${p.fl}${p.overflow === 'wrap' ? ',overflow=wrap' : ''})`;
}

/** For an exact probability n/d in (0, 1]: the largest u = k·2^−53 with u < p, and the smallest with u ≥ p. */
export function uAround(pHi: string): { below: number; atOrAbove: number } {
  const [ns, ds] = pHi.split('/');
  const n = BigInt(ns!);
  const d = BigInt(ds!);
  const scaled = n << 53n;
  const kBelow = (scaled - 1n) / d; // k·d < n·2^53
  const kAt = (scaled + d - 1n) / d; // k·d ≥ n·2^53
  return { below: Number(kBelow) / 2 ** 53, atOrAbove: Number(kAt) / 2 ** 53 };
}
