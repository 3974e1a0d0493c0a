import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Runs the `lowbit` CLI as a user would (node dist/cli.js …, the package's bin; test/globalSetup.ts keeps dist/ built) with the given stdin. */
export function runCli(args: string[], input = ''): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args], { input, encoding: 'utf8', cwd: ROOT, timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Streams many lines through one `lowbit` process (stdin written in chunks as the pipe drains, stdout collected),
 * as a user pipes a large file: one process per file, not per line.
 */
export function streamCli(args: string[], lines: readonly string[]): Promise<{ code: number; out: string[]; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: string[] = [];
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => out.push(d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out: out.join('').split('\n').slice(0, -1), stderr: err }));
    let i = 0;
    const CHUNK = 20_000;
    const write = (): void => {
      while (i < lines.length) {
        const chunk = lines.slice(i, i + CHUNK).join('\n') + '\n';
        i += CHUNK;
        if (!child.stdin.write(chunk)) {
          child.stdin.once('drain', write);
          return;
        }
      }
      child.stdin.end();
    };
    write();
  });
}
