import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, existsSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './_run.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'lowbit-train-'));
const tiny = {
  model: { type: 'mlp', hidden: [8] },
  dataset: { name: 'synthetic', trainSize: 200, testSize: 100, seed: 1 },
  policy: { default: { weight: { format: 'dfixed(w=10)' }, activation: { format: 'dfixed(w=10)' }, update: { format: 'dfixed(w=12)' } } },
  optimizer: { type: 'sgd', lr: 0.1, momentum: 0.9 },
  epochs: 1,
  batchSize: 50,
  seed: 7,
  backend: 'cpu',
};
function writeConfig(dir: string, cfg: unknown): string {
  const p = join(dir, 'cfg.json');
  writeFileSync(p, JSON.stringify(cfg));
  return p;
}

describe('lowbit train', () => {
  it('trains a tiny config and writes run.json with every required field, and the model', () => {
    const dir = tmp();
    const out = join(dir, 'out');
    const r = runCli(['train', '--config', writeConfig(dir, tiny), '--out', out]);
    expect(r.stderr).toMatch(/epoch 1: loss/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ok: test error \d+\.\d\d% after 1 epoch\(s\), \d+\.\d s on cpu; .*run\.json\n$/);
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(run.status).toBe('ok');
    expect(run.config).toMatchObject({ seed: 7, epochs: 1, batchSize: 50 });
    expect(run.seed).toBe(7);
    expect(run.backend).toBe('cpu');
    expect(run.versions).toMatchObject({ lowbit: expect.any(String), tfjs: expect.any(String), node: expect.any(String) });
    expect(run.epochs).toHaveLength(1);
    expect(run.epochs[0]).toMatchObject({ epoch: 1, trainLoss: expect.any(Number), testError: expect.any(Number), seconds: expect.any(Number) });
    expect(run.final.testError).toBe(run.epochs[0].testError);
    expect(run.dataset).toMatchObject({ trainN: 200, testN: 100 });
    expect(existsSync(join(out, 'model', 'model.json'))).toBe(true);
  });

  it('a diverging run is recorded as diverged, exit code 3, with a message', () => {
    const dir = tmp();
    const r = runCli(['train', '--config', writeConfig(dir, { ...tiny, policy: {}, optimizer: { type: 'sgd', lr: 1e30 } }), '--out', dir]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/lowbit: training diverged: loss is (NaN|Infinity) at epoch 1, batch \d+\/4/);
    expect(JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')).status).toBe('diverged');
  });

  it('regression: saturating weight formats with a huge learning rate were recorded ok (loss 1e30, ±Inf stored weights); now diverged, exit 3, with the reason', () => {
    const dir = tmp();
    const cfg = { ...tiny, policy: { default: { weight: { format: 'fixed(w=8,f=4)' } } }, optimizer: { type: 'sgd', lr: 1e40 } };
    const r = runCli(['train', '--config', writeConfig(dir, cfg), '--out', dir]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/lowbit: training diverged: non-finite parameter in dense_1\/kernel at epoch 1, batch 1\/4\n$/);
    const run = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));
    expect(run).toMatchObject({ status: 'diverged', divergence: { reason: 'non-finite parameter', epoch: 1, batch: 1, tensor: 'dense_1/kernel' } });
  });

  it('bad usage and bad configs exit 2 with one line naming the problem', () => {
    const dir = tmp();
    const missing = runCli(['train', '--config', join(dir, 'none.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^lowbit: --config: file ".*none\.json" does not exist\n$/);
    writeFileSync(join(dir, 'bad.json'), '{ nope');
    expect(runCli(['train', '--config', join(dir, 'bad.json')]).stderr).toMatch(/^lowbit: --config: .*bad\.json is not valid JSON/);
    const r = runCli(['train', '--config', writeConfig(dir, { ...tiny, epochs: 'x' })]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^lowbit: --config .*cfg\.json: config\.epochs: Invalid input: expected number, received string\n$/);
    expect(runCli(['train']).code).toBe(2);
  });
});

describe('lowbit train: boundaries (in-process)', () => {
  it('regression: a config name containing ../ never writes outside runs/ (exit 2, nothing created)', async () => {
    const { runInProcess } = await import('./_inProcess.js');
    const dir = tmp();
    for (const name of ['../escape', '../../etc/x', '/tmp/abs', 'a/../../b', '.']) {
      const r = await runInProcess(['train', '--config', writeConfig(dir, { ...tiny, name })], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^lowbit: --config .*cfg\.json: config\.name: ".*" leaves the folder "runs"; only paths inside it are allowed \(or pass --out DIR\)\n$/);
    }
    expect(readdirSync(dir)).toEqual(['cfg.json']);
    const ok = await runInProcess(['train', '--config', writeConfig(dir, { ...tiny, name: 'mnist/ok' }), '--dry-run'], { cwd: dir });
    expect(ok).toMatchObject({ code: 0, stderr: '' });
    expect(ok.stdout).toBe(`dry run: ${join(dir, 'cfg.json')} is valid (mlp, synthetic, 1 epoch(s)); output folder ${join(realpathSync(dir), 'runs', 'mnist', 'ok')}\n`);
  });

  it('regression: --out /proc/x fails fast (it looped forever in mkdirSync); a bad --out is refused before training', async () => {
    const { runInProcess } = await import('./_inProcess.js');
    const dir = tmp();
    const t0 = performance.now();
    const r = await runInProcess(['train', '--config', writeConfig(dir, tiny), '--out', '/proc/x']);
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'lowbit: --out: "/proc/x" is under /proc (a virtual file system); choose a folder on disk\n' });
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it('a planted symlink at DIR/model is refused before training', async () => {
    const { runInProcess } = await import('./_inProcess.js');
    const dir = tmp();
    mkdirSync(join(dir, 'out'));
    symlinkSync(tmpdir(), join(dir, 'out', 'model'));
    const r = await runInProcess(['train', '--config', writeConfig(dir, tiny), '--out', join(dir, 'out')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^lowbit: --out: ".*out\/model" is a symlink; lowbit never writes through symlinks in a run folder\n$/);
  });

  it('an invalid LOWBIT_BACKEND is a usage error before any work', async () => {
    const { runInProcess } = await import('./_inProcess.js');
    const dir = tmp();
    const r = await runInProcess(['train', '--config', writeConfig(dir, tiny), '--out', join(dir, 'o')], { env: { ...process.env, LOWBIT_BACKEND: 'gpu' } });
    expect(r).toMatchObject({ code: 2, stderr: 'lowbit: environment variable LOWBIT_BACKEND must be one of auto, tensorflow, wasm, cpu; got "gpu"\n' });
  });

  it('regression (fuzz): a diverged training prints its reason once, as the one diagnostic line', async () => {
    const { runInProcess } = await import('./_inProcess.js');
    const dir = tmp();
    const r = await runInProcess(['train', '--config', writeConfig(dir, { ...tiny, policy: {}, optimizer: { type: 'sgd', lr: 1e30 } }), '--out', join(dir, 'o'), '--no-progress']);
    expect(r.code).toBe(3);
    const lines = r.stderr.trim().split('\n').filter((l) => !/^epoch \d+:/.test(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^lowbit: training diverged: /);
  });
});
