import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { f64ToHex, hexToF64 } from '../../../simulators/_internal/bits.js';
import type { QuantizedLine } from '../../../simulators/formats/blockOps.js';
import type { ExactInput } from '../../../simulators/exactInput.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'mx');

/** Every preset with a vector file in test/fixtures/mx (gzipped copies of ../shared/vectors/mx). */
export const BLOCK_VECTOR_PRESETS = ['mxfp8_e4m3', 'mxfp8_e5m2', 'mxfp6_e3m2', 'mxfp6_e2m3', 'mxfp4_e2m1', 'mxint8', 'nvfp4'] as const;

/** One oracle line: `in` (float64 hex bits or exact rationals) and per mode the scales, codes and values. */
export interface MxVector {
  fmt: string;
  spec: string;
  k: number;
  in: Array<string | { num: string; den: string }>;
  r: Record<string, { scales: string[]; codes: string[]; values_f64: string[] }>;
  tags: string[];
}

export function readMxVectors(preset: string): MxVector[] {
  const text = gunzipSync(readFileSync(join(FIXTURES, `${preset}.jsonl.gz`))).toString('utf8');
  return text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as MxVector);
}

export const vectorInputs = (v: MxVector): ExactInput[] =>
  v.in.map((x) => (typeof x === 'string' ? hexToF64(x) : { kind: 'rational', num: BigInt(x.num), den: BigInt(x.den) }));

const hex = (c: bigint | undefined, bits: number) => c!.toString(16).padStart(Math.ceil(bits / 4), '0');
export const f64 = (x: number) => (Number.isNaN(x) ? '7ff8000000000000' : f64ToHex(x));

/** A quantized line in the vectors' form, for a one-string comparison. */
export function asVectorResult(q: QuantizedLine, elemBits: number): string {
  return JSON.stringify([q.scaleCodes.map((c) => hex(c, 8)), q.codes.map((c) => hex(c, elemBits)), q.values.map(f64)]);
}

export const wantResult = (w: MxVector['r'][string]) => JSON.stringify([w.scales, w.codes, w.values_f64]);
