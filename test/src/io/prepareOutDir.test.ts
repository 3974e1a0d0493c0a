import { describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareOutDir, prepareOutFile } from '../../../src/io/prepareOutDir.js';
import { CliUsageError } from '../../../src/cli/cliError.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const tmp = () => mkdtempSync(join(tmpdir(), 'lowbit-outdir-'));

describe('prepareOutDir', () => {
  it('creates missing folders and returns the absolute path; leaves no probe file', () => {
    const dir = tmp();
    const out = prepareOutDir(join(dir, 'a', 'b', 'c'), '--out');
    expect(out).toBe(join(dir, 'a', 'b', 'c'));
    expect(statSync(out).isDirectory()).toBe(true);
    expect(readdirSync(out)).toEqual([]);
    expect(prepareOutDir(out, '--out')).toBe(out); // an existing folder is fine
  });

  it('regression: --out /proc/x fails fast instead of looping in mkdirSync', () => {
    const t0 = performance.now();
    expect(() => prepareOutDir('/proc/x', '--out')).toThrow(CliUsageError);
    expect(() => prepareOutDir('/proc/x/y', '--out')).toThrow(/^--out: "\/proc\/x\/y" is under \/proc \(a virtual file system\)/);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('refuses /sys, an existing file, a file as ancestor, NUL bytes, naming the argument', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'f'), 'x');
    expect(() => prepareOutDir('/sys/kernel/x', '--artifacts')).toThrow(/^--artifacts: "\/sys\/kernel\/x" is under \/sys/);
    expect(() => prepareOutDir(join(dir, 'f'), '--out')).toThrow(/^--out: ".*\/f" exists and is not a folder$/);
    expect(() => prepareOutDir(join(dir, 'f', 'sub'), '--out')).toThrow(/^--out: cannot create folder .*ENOTDIR/);
    expect(() => prepareOutDir('a\0b', '--out')).toThrow(/^--out: must be a folder path/);
    expect(() => prepareOutDir('', '--out')).toThrow(/^--out: must be a folder path; got ""/);
  });

  it('refuses a read-only folder (checked as an unprivileged user: root ignores permission bits)', () => {
    const dir = tmp();
    chmodSync(dir, 0o755);
    const ro = join(dir, 'ro');
    prepareOutDir(ro, '--out');
    chmodSync(ro, 0o555);
    const script = `const { prepareOutDir } = await import(${JSON.stringify(join(ROOT, 'src/io/prepareOutDir.ts'))});
      for (const p of [${JSON.stringify(ro)}, ${JSON.stringify(join(ro, 'sub'))}]) {
        try { prepareOutDir(p, '--out'); console.log('accepted'); } catch (e) { console.log(e.constructor.name + ': ' + e.message); }
      }`;
    const asRoot = process.getuid?.() === 0;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      cwd: ROOT,
      ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
    });
    expect(r.stderr).toBe('');
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^CliUsageError: --out: folder ".*\/ro" is not writable \(EACCES/);
    expect(lines[1]).toMatch(/^CliUsageError: --out: cannot create folder ".*\/ro\/sub" \(EACCES/);
  });
});

describe('prepareOutFile', () => {
  it('prepares the folder of a file and refuses a folder or a trailing slash', () => {
    const dir = tmp();
    expect(prepareOutFile(join(dir, 'x', 'model.json'), '--out')).toBe(join(dir, 'x', 'model.json'));
    expect(existsSync(join(dir, 'x'))).toBe(true);
    expect(() => prepareOutFile(dir, '--out')).toThrow(/^--out: ".*" is a folder; give a file path$/);
    expect(() => prepareOutFile(`${dir}/y/`, '--plot')).toThrow(/^--plot: must be a file path/);
    expect(() => prepareOutFile('/proc/self/x.json', '--out')).toThrow(/under \/proc/);
  });
});
