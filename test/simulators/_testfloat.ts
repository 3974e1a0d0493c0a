import { readFileSync, readdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { VECTOR_DIR } from './_vectors.js';
import type { ArithOp } from '../../simulators/arith/arith.js';
import type { RoundingMode } from '../../simulators/rounding/roundingMode.js';

/** Berkeley TestFloat 3e cases (SoftFloat 3e results), copied from ../shared/vectors/testfloat (see its README). */
export const TESTFLOAT_DIR = join(VECTOR_DIR, 'testfloat');

/** lowbit preset of each TestFloat type. */
export const TF_FORMAT: Readonly<Record<string, string>> = { f16: 'float16', f32: 'float32', f64: 'float64' };
const TF_OP: Readonly<Record<string, ArithOp>> = { add: 'add', sub: 'sub', mul: 'mul', div: 'div', sqrt: 'sqrt', mulAdd: 'fma' };

/** One TestFloat function file: `f16_add` → an arith op in float16; `f64_to_f32` → a conversion. */
export interface TestFloatFile {
  name: string;
  /** Destination (result) format preset. */
  format: string;
  /** Source format preset of a conversion. */
  from?: string;
  op?: ArithOp;
  lines: string[];
}

/** A parsed case: mode, operand codes, expected result code and TestFloat flag mask (same bits as FLAG_*). */
export interface TestFloatCase {
  mode: RoundingMode;
  operands: bigint[];
  result: bigint;
  flags: number;
}

export function testFloatFiles(): TestFloatFile[] {
  return readdirSync(TESTFLOAT_DIR)
    .filter((f) => f.endsWith('.txt.gz'))
    .sort()
    .map((f) => {
      const name = f.replace(/\.txt\.gz$/, '');
      const lines = gunzipSync(readFileSync(join(TESTFLOAT_DIR, f))).toString('utf8').split('\n').filter((l) => l.trim() !== '');
      const conv = /^(f\d+)_to_(f\d+)$/.exec(name);
      if (conv) return { name, format: TF_FORMAT[conv[2]!]!, from: TF_FORMAT[conv[1]!]!, lines };
      const [t, fn] = name.split('_') as [string, string];
      return { name, format: TF_FORMAT[t]!, op: TF_OP[fn]!, lines };
    });
}

export function parseCase(line: string): TestFloatCase {
  const parts = line.trim().split(/\s+/);
  const mode = parts[0] as RoundingMode;
  const hex = parts.slice(1).map((h) => BigInt('0x' + h));
  return { mode, operands: hex.slice(0, -2), result: hex[hex.length - 2]!, flags: Number(hex[hex.length - 1]!) };
}

/** True when a code of a TestFloat type is a NaN (exponent all ones, mantissa nonzero). */
export function isNaNCode(preset: string, code: bigint): boolean {
  const [e, m] = preset === 'float16' ? [5n, 10n] : preset === 'float32' ? [8n, 23n] : [11n, 52n];
  const ones = (1n << e) - 1n;
  return ((code >> m) & ones) === ones && (code & ((1n << m) - 1n)) !== 0n;
}
