import { readJson, readJsonl, floatSpecString, fixedSpecString, type FloatFormatParams, type FixedFormatParams } from '../../simulators/_vectors.js';
import { hexToF64 } from '../../../simulators/_internal/bits.js';

/**
 * The CLI conformance jobs over the oracle vectors: the checks `../shared/tools/check-cli-vectors` makes (same
 * spec strings, inputs and output forms: floats `--output f64`, NaN by class; fixed point `--output code`; fixed
 * arith operands as Python `repr` of code·2^−fl), plus the flags, which that tool does not compare. Each job is one
 * streaming `lowbit` process per file, the mode (and op) leading each line (`--rounding per-line`, `--op per-line`).
 */
export interface CliJob {
  name: string;
  args: string[];
  lines: string[];
  /** Expected output per line: [result token, flags letters]; `nan` in the result means any NaN. */
  want: Array<[string, string]>;
}

const FMODES = ['rne', 'rna', 'rtz', 'raz', 'rup', 'rdn', 'rto'];
const XMODES = ['rne', 'rna', 'rhu', 'rtz', 'rup', 'rdn'];

interface FloatRow {
  in?: string;
  in_num?: string;
  in_den?: string;
  op?: string;
  a64?: string;
  b64?: string;
  c64?: string;
  r: Record<string, [string, string, string]>;
}
interface FixedRow {
  kind: 'fx_quantize' | 'fx_op';
  in?: string;
  op?: string;
  a?: string;
  b?: string;
  r: Record<string, string[]>;
}

/** Python's `repr` of a float (shortest round-trip digits; exponent form below 1e-4 and from 1e16), as the tool writes operands. */
export function pyRepr(x: number): string {
  if (Object.is(x, -0)) return '-0.0';
  if (x === 0) return '0.0';
  const [mant, expText] = x.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) return `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  const s = String(x);
  return s.includes('.') ? s : s + '.0';
}

/** Deterministic sample: every `every`-th row of each file (every = 1 is the full set). */
export function cliVectorJobs(every: number): CliJob[] {
  const jobs: CliJob[] = [];
  const keep = (_: unknown, i: number) => i % every === 0;
  for (const [name, p] of Object.entries(readJson<Record<string, FloatFormatParams>>('formats.json'))) {
    const spec = floatSpecString(p);
    for (const kind of ['convert', 'ops'] as const) {
      const rows = readJsonl<FloatRow>(`${name}.${kind}.jsonl`).filter(keep);
      const job: CliJob = {
        name: `${name}.${kind}`,
        args: [kind === 'convert' ? 'quantize' : 'arith', ...(kind === 'ops' ? ['--op', 'per-line'] : []), '--format', spec, '--rounding', 'per-line', '--output', 'f64', '--flags'],
        lines: [],
        want: [],
      };
      for (const row of rows) {
        const inp = kind === 'convert' ? (row.in !== undefined ? '0x' + row.in : `${row.in_num}/${row.in_den}`) : `${row.op} ${[row.a64, row.b64, row.c64].filter((h) => h !== undefined).map((h) => '0x' + h).join(' ')}`;
        for (const mode of FMODES) {
          const [, f64, flags] = row.r[mode]!;
          job.lines.push(`${mode} ${inp}`);
          job.want.push([Number.isNaN(hexToF64(f64)) ? 'nan' : '0x' + f64, flags || '-']);
        }
      }
      jobs.push(job);
    }
  }
  for (const [name, p] of Object.entries(readJson<Record<string, FixedFormatParams>>('fixed/formats.json'))) {
    const spec = fixedSpecString(p);
    const rows = readJsonl<FixedRow>(`fixed/${name}.jsonl`).filter(keep);
    const lsb = 2 ** -p.fl;
    const quant: CliJob = { name: `fixed ${name} quantize`, args: ['quantize', '--format', spec, '--rounding', 'per-line', '--output', 'code', '--flags'], lines: [], want: [] };
    const ops: CliJob = { name: `fixed ${name} ops`, args: ['arith', '--op', 'per-line', '--format', spec, '--rounding', 'per-line', '--output', 'code', '--flags'], lines: [], want: [] };
    for (const mode of XMODES) {
      for (const row of rows) {
        const r = row.r[mode]!;
        if (row.kind === 'fx_quantize') {
          quant.lines.push(`${mode} 0x${row.in}`);
          quant.want.push(['0x' + r[0], r[3] || '-']);
        } else {
          ops.lines.push(`${mode} ${row.op} ${pyRepr(Number(row.a) * lsb)} ${pyRepr(Number(row.b) * lsb)}`);
          ops.want.push(['0x' + r[0], r[2] || '-']);
        }
      }
    }
    jobs.push(quant, ops);
  }
  return jobs;
}

/**
 * The same checks grouped exactly as check-cli-vectors runs them: one job per file, op and mode, with a fixed
 * `--op` and `--rounding` (so `lowbit arith` takes its batched path), and the tool's arguments plus `--flags`.
 * Jobs are keyed by file for grouping in tests.
 */
export function cliVectorToolJobs(): Map<string, CliJob[]> {
  const byFile = new Map<string, CliJob[]>();
  for (const job of cliVectorJobs(1)) {
    const groups = new Map<string, CliJob>();
    job.lines.forEach((line, i) => {
      const fields = line.split(' ');
      const mode = fields[0]!;
      const isArith = job.args[0] === 'arith';
      const op = isArith ? fields[1]! : '';
      const key = `${op} ${mode}`;
      let g = groups.get(key);
      if (!g) {
        const args = job.args.map((a, k) => (a === 'per-line' ? (job.args[k - 1] === '--op' ? op : mode) : a));
        g = { name: `${job.name} ${key.trim()}`, args, lines: [], want: [] };
        groups.set(key, g);
      }
      g.lines.push(fields.slice(isArith ? 2 : 1).join(' '));
      g.want.push(job.want[i]!);
    });
    byFile.set(job.name, [...groups.values()]);
  }
  return byFile;
}

/** Compares one job's output lines with the expectations: result (NaN by class) and flags; returns the mismatches. */
export function cliMismatches(job: CliJob, out: readonly string[], limit = 10): { bad: string[]; agree: number } {
  const bad: string[] = [];
  let agree = 0;
  job.want.forEach(([want, flags], i) => {
    const [got, gotFlags] = (out[i] ?? '').split(' ');
    const okValue = want === 'nan' ? got !== undefined && (got === 'nan' || Number.isNaN(hexToF64(got.replace(/^0x/, '').padStart(16, '0')))) : got === want;
    if (okValue && gotFlags === flags) agree++;
    else if (bad.length < limit) bad.push(`${job.name}: ${job.lines[i]} → want ${want} ${flags}, got ${out[i]}`);
  });
  return { bad, agree };
}
