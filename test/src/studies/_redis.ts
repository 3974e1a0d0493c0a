/**
 * A real redis-server for the queue tests: started on a free loopback port in a temporary folder, with AOF
 * persistence (`appendfsync always`), so that a restart (SIGTERM, then the same port and folder) keeps its data.
 * `redisServerPath` is null when Debian's redis-server is not installed (the tests then skip and say so).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

export const redisServerPath: string | null = (() => {
  const r = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() ? r.stdout.trim() : null;
})();

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitReady(url: string, ms = 15_000): Promise<void> {
  const t0 = Date.now();
  for (;;) {
    const c = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    c.on('error', () => undefined); // refused while the server starts: retried below
    try {
      await c.connect();
      if ((await c.ping()) === 'PONG') return;
    } catch {
      if (Date.now() - t0 > ms) throw new Error(`redis-server at ${url} did not answer within ${ms} ms`);
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      c.disconnect();
    }
  }
}

export interface TestRedis {
  url: string;
  /** Stops the server (SIGTERM: it writes its AOF and exits) and starts it again on the same port and folder. */
  restart: (downMs?: number) => Promise<void>;
  stop: () => Promise<void>;
}

export async function startRedis(): Promise<TestRedis> {
  if (!redisServerPath) throw new Error('redis-server is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'lowbit-redis-'));
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let proc: ChildProcess | null = null;
  const up = async () => {
    proc = spawn(redisServerPath!, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--daemonize', 'no', '--loglevel', 'warning'], { stdio: 'ignore' });
    await waitReady(url);
  };
  const down = async () => {
    const p = proc;
    if (!p || p.exitCode !== null) return;
    await new Promise((r) => {
      p.once('exit', r);
      p.kill('SIGTERM');
    });
  };
  await up();
  return {
    url,
    restart: async (downMs = 1000) => {
      await down();
      await new Promise((r) => setTimeout(r, downMs));
      await up();
    },
    stop: async () => {
      await down();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
