import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = join(ROOT, 'dist', 'cli.js');

/** Starts the executable, reads until `lines` lines arrived, closes its stdout, and waits for it to end. */
function readThenClose(args: string[], lines: number): Promise<{ code: number | null; stderr: string; got: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let got = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.stdout.on('data', (d: Buffer) => {
      got += d;
      if (got.split('\n').length > lines) child.stdout.destroy();
    });
    child.on('close', (code) => done({ code, stderr, got }));
  });
}

describe('lowbit executable (dist/cli.js)', () => {
  it('prints the package version', async () => {
    const { execFileSync } = await import('node:child_process');
    const { readFileSync } = await import('node:fs');
    const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string;
    expect(execFileSync(process.execPath, [BIN, '--version'], { encoding: 'utf8' }).trim()).toBe(version);
  });

  it('regression: a closed stdout (lowbit format --table X | head) ends quietly with code 0, not an EPIPE stack trace', async () => {
    const r = await readThenClose(['format', 'float(e=5,m=6)', '--table'], 1);
    expect(r.got.length).toBeGreaterThan(0);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
