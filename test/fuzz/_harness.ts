import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FuzzCase } from './_cases.js';

/** Lines a command may print on stderr besides its one diagnostic line: progress, not errors. */
const PROGRESS = [/^epoch \d+: loss /, /^study: \d+ (grid points|runs), /, /^\[\d+\/\d+\] /, /^range init epoch \d+/, /^study [\w.-]+: \d+ array tasks; submit with: /];

/** What a case produced. */
export interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Writes a case's files into its folder and returns its arguments with `{case}` replaced. */
export function materialise(c: FuzzCase, dir: string): string[] {
  if (c.files.length === 0 && !c.args.some((a) => a.includes('{case}'))) return c.args;
  mkdirSync(dir, { recursive: true });
  for (const [rel, text] of c.files) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), rel.endsWith('.bin') || rel.endsWith('.sqlite') ? Buffer.from(text, 'latin1') : text);
  }
  return c.args.map((a) => a.replaceAll('{case}', dir));
}

/**
 * The properties every run must have (issue 11): exit code 0, 1, 2 or 3; at most one diagnostic line on stderr
 * (`lowbit: …`) and nothing else but progress lines; no stack trace. Returns the problems found (empty = ok).
 */
export function problems(r: Outcome): string[] {
  const out: string[] = [];
  if (![0, 1, 2, 3].includes(r.code)) out.push(`exit code ${r.code}`);
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  const diagnostics = lines.filter((l) => l.startsWith('lowbit: '));
  const other = lines.filter((l) => !l.startsWith('lowbit: ') && !PROGRESS.some((p) => p.test(l)));
  if (diagnostics.length > 1) out.push(`${diagnostics.length} diagnostic lines`);
  if (other.length) out.push(`unexpected stderr line ${JSON.stringify(other[0]!.slice(0, 200))}`);
  if (/^\s+at .+[(:]\d+/m.test(r.stderr) || /node:internal/.test(r.stderr)) out.push('stack trace on stderr');
  if (r.code !== 0 && diagnostics.length === 0 && r.code !== 3) out.push('non-zero exit without a diagnostic line');
  return out;
}
