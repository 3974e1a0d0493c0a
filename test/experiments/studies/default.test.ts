import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadStudySpec } from '../../../src/studies/spec/loadStudySpec.js';
import { expandGrid } from '../../../src/studies/spec/grid.js';
import { validateConfig } from '../../../src/studies/trial/trainTrial.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const SPEC = join(ROOT, 'experiments', 'studies', 'default.json');
const tmp = mkdtempSync(join(tmpdir(), 'lowbit-default-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the default study (npm start)', () => {
  it('is float32 against fixed, dynamic fixed and float(e,m) at 7 widths, every point a valid training config', () => {
    const points = expandGrid(loadStudySpec(SPEC), { validateConfig });
    expect(points).toHaveLength(22);
    const formats = points.map((p) => (p.config.policy as { default: { weight: { format: string } } }).default.weight.format);
    expect(formats.filter((f) => f.startsWith('fixed('))).toHaveLength(7);
    expect(formats.filter((f) => f.startsWith('dfixed('))).toHaveLength(7);
    expect(formats.filter((f) => f.startsWith('float('))).toHaveLength(7);
    expect(formats[0]).toBe('float32');
    expect(points.every((p) => p.config.epochs === 3)).toBe(true);
  });

  it('--quick runs 4 tiny real trainings and writes a report with every grid point, printing its path last', () => {
    const out = join(tmp, 'quick');
    const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'study', 'run', SPEC, '--quick', '--out', out], { cwd: ROOT, encoding: 'utf8', timeout: 600_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n').at(-1)).toBe(join(out, 'report.html'));
    const csv = readFileSync(join(out, 'results.csv'), 'utf8').trim().split('\n').slice(1);
    expect(csv.map((l) => l.replace(/^"([^"]*)".*$|^([^,]*).*$/, '$1$2'))).toEqual(['format=float32', 'format=fixed(w=8,f=2)', 'format=dfixed(w=8)', 'format=float(e=5,m=2)']);
    expect(csv.every((l) => /,ok,/.test(l))).toBe(true);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    for (const name of ['format=float32', 'format=dfixed(w=8)']) expect(html).toContain(name);
    // energy and memory come from the cost model: 8-bit formats cost less than float32
    const col = (line: string, k: number) => Number(line.replace(/"[^"]*"/g, 'x').split(',')[k]); // quoted fields hold commas
    const header = readFileSync(join(out, 'results.csv'), 'utf8').split('\n')[0]!.split(',');
    const [e, m, t] = ['energyPj', 'memoryBits', 'testErrorPct'].map((h) => header.indexOf(h));
    expect(col(csv[1]!, e!)).toBeLessThan(col(csv[0]!, e!));
    expect(col(csv[1]!, m!)).toBe(col(csv[0]!, m!) / 4);
    expect(col(csv[0]!, t!)).toBeLessThan(80); // float32 learned something in one tiny epoch (chance is 90 %)
  });
});
