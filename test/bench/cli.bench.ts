/**
 * `npm run bench cli`: start-up of the `lowbit` executable (package.json `bin`, the compiled `dist/cli.js`) and of
 * the library entries, against `node -e 0` measured in the same run.
 *
 * - Wall time, best of ROUNDS interleaved runs: `lowbit formats`, `lowbit quantize` and `lowbit arith` with one
 *   stdin line, `lowbit cost --model lenet5`. Targets (issue 15): ≤ 2× `node -e 0` for formats, quantize and
 *   arith; ≤ 5× for cost.
 * - CPU time of `import('lowbit/simulators')`, `import('lowbit/cost')` and `import('lowbit')` in a fresh Node
 *   (process.cpuUsage around the import, best of ROUNDS). Target: ≤ 0.2 s for lowbit/simulators.
 *
 * dist/ is rebuilt first when a source changed (scripts/build.mjs --js --if-stale).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ROUNDS = 11;

interface Case {
  name: string;
  args: string[];
  input?: string;
  target?: number;
}

function bestWallMs(cases: Case[]): Map<string, number> {
  const best = new Map<string, number>();
  for (let r = 0; r < ROUNDS; r++) {
    for (const c of cases) {
      const t0 = performance.now();
      const p = spawnSync(process.execPath, c.args, { cwd: ROOT, input: c.input ?? '', encoding: 'utf8' });
      const ms = performance.now() - t0;
      if (p.status !== 0) throw new Error(`bench cli: ${c.name} exited with ${p.status}: ${p.stderr.split('\n')[0]}`);
      best.set(c.name, Math.min(best.get(c.name) ?? Infinity, ms));
    }
  }
  return best;
}

function importCpuSeconds(specifier: string): number {
  const code = `const c = process.cpuUsage(); await import(${JSON.stringify(specifier)}); const u = process.cpuUsage(c); process.stdout.write(String((u.user + u.system) / 1e6));`;
  let best = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT, encoding: 'utf8' });
    best = Math.min(best, Number(out));
  }
  return best;
}

export async function bench(): Promise<void> {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--js', '--if-stale'], { stdio: 'inherit' });
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: { lowbit: string } };
  const bin = join(ROOT, pkg.bin.lowbit);
  const cases: Case[] = [
    { name: 'node -e 0', args: ['-e', '0'] },
    { name: 'lowbit formats', args: [bin, 'formats'], target: 2 },
    { name: 'lowbit quantize (1 line)', args: [bin, 'quantize', '--format', 'float8_e4m3fn'], input: '0.1\n', target: 2 },
    { name: 'lowbit arith (1 line)', args: [bin, 'arith', '--format', 'float8_e4m3fn', '--op', 'fma'], input: '1.5 2 -3\n', target: 2 },
    { name: 'lowbit cost --model lenet5', args: [bin, 'cost', '--model', 'lenet5'], target: 5 },
  ];
  const best = bestWallMs(cases);
  const base = best.get('node -e 0')!;
  console.log(`wall time, best of ${ROUNDS} interleaved runs (ratio to node -e 0; target):`);
  for (const c of cases) {
    const ms = best.get(c.name)!;
    const ratio = ms / base;
    const verdict = c.target === undefined ? '' : `  target ≤ ${c.target}×: ${ratio <= c.target ? 'met' : 'MISSED'}`;
    console.log(`  ${c.name.padEnd(28)} ${ms.toFixed(0).padStart(5)} ms  ${ratio.toFixed(2)}×${verdict}`);
  }
  console.log(`CPU time of the import in a fresh node, best of ${ROUNDS}:`);
  for (const [spec, target] of [['lowbit/simulators', 0.2], ['lowbit/cost', undefined], ['lowbit', undefined]] as const) {
    const s = importCpuSeconds(spec);
    console.log(`  import('${spec}')`.padEnd(30) + `${s.toFixed(3)} s${target === undefined ? '' : `  target ≤ ${target} s: ${s <= target ? 'met' : 'MISSED'}`}`);
  }
}
