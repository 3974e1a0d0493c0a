import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const BIN = join(ROOT, 'dist', 'cli.js');
const tmp = () => mkdtempSync(join(tmpdir(), 'lowbit-main-'));

/** A synthetic-data config: `epochs` epochs of 40 batches each (seconds per epoch on the cpu backend). */
function config(dir: string, epochs: number, trainSize = 200): string {
  const p = join(dir, 'cfg.json');
  writeFileSync(
    p,
    JSON.stringify({
      model: { type: 'mlp', hidden: [16] },
      dataset: { name: 'synthetic', trainSize, testSize: 50, seed: 1 },
      optimizer: { type: 'sgd', lr: 0.05 },
      epochs,
      batchSize: 10,
      seed: 3,
      backend: 'cpu',
    }),
  );
  return p;
}

/** Starts a training, sends `signal` once the first epoch line is on stderr, and resolves with what it did. */
function interruptTraining(signal: NodeJS.Signals): Promise<{ code: number | null; stderr: string; dir: string }> {
  const dir = tmp();
  const child = spawn(process.execPath, [BIN, 'train', '--config', config(dir, 500, 2000), '--out', join(dir, 'run'), '--no-progress'], { cwd: dir });
  let stderr = '';
  let sent = false;
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
    if (!sent && /epoch 1:/.test(stderr)) {
      sent = true;
      child.kill(signal);
    }
  });
  return new Promise((res) => child.on('close', (code) => res({ code, stderr, dir })));
}

describe('the lowbit process (dist/cli.js → main → runCli)', () => {
  it('regression: SIGINT in train prints one line, writes no partial run.json and exits 130', async () => {
    const r = await interruptTraining('SIGINT');
    expect(r.code).toBe(130);
    const lines = r.stderr.trim().split('\n').filter((l) => !/^epoch \d+:/.test(l));
    expect(lines).toEqual([`lowbit: train: interrupted (SIGINT); no run.json written to ${join(r.dir, 'run')}`]);
    expect(existsSync(join(r.dir, 'run', 'run.json'))).toBe(false);
  });

  it('regression: SIGTERM in train is handled the same way, exit 143', async () => {
    const r = await interruptTraining('SIGTERM');
    expect(r.code).toBe(143);
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(/^lowbit: train: interrupted \(SIGTERM\); no run\.json written to /);
    expect(existsSync(join(r.dir, 'run', 'run.json'))).toBe(false);
  });

  it('regression: EPIPE on stdout ends quietly (lowbit quantize … | head -1)', () => {
    const r = spawnSync('bash', ['-c', `set -o pipefail; seq 1 200000 | "${process.execPath}" "${BIN}" quantize --format float16 | head -1; echo "codes \${PIPESTATUS[*]}" >&2`], {
      encoding: 'utf8',
      cwd: ROOT,
    });
    expect(r.stdout).toBe('1\n');
    expect(r.stderr).toMatch(/^codes \d+ 0 0\n$/); // seq may die of SIGPIPE; lowbit and head exit 0, nothing on stderr
  });

  it('regression: the tfjs "install tfjs-node" banner never reaches the user; --out is checked before training', () => {
    const dir = tmp();
    const cfg = config(dir, 1);
    const ok = spawnSync(process.execPath, [BIN, 'train', '--config', cfg, '--out', join(dir, 'run'), '--no-progress'], { encoding: 'utf8', cwd: dir });
    expect(ok.stderr).not.toMatch(/TensorFlow\.js in Node\.js|=====/);
    expect(ok.stderr).toMatch(/^epoch 1: loss [\d.]+, test error [\d.]+% \([\d.]+ s\)\n$/);
    expect(ok.status).toBe(0);
    // an output path that cannot be used fails in start-up time, before any epoch
    writeFileSync(join(dir, 'file'), 'x');
    const bad = spawnSync(process.execPath, [BIN, 'train', '--config', cfg, '--out', join(dir, 'file')], { encoding: 'utf8', cwd: dir });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe(`lowbit: --out: "${join(dir, 'file')}" exists and is not a folder\n`);
    expect(readdirSync(dir).sort()).toEqual(['cfg.json', 'file', 'run']);
  });
});
