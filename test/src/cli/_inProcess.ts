import { PassThrough, Readable } from 'node:stream';
import { runCli, type CliIo } from '../../../src/cli/runCli.js';

/** The result of one CLI run. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A writable that keeps what is written, as text. */
function sink(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

/** Runs the `lowbit` CLI in this process (runCli) with the given stdin text, cwd and env; collects the output. */
export async function runInProcess(args: string[], options: { input?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  const out = sink();
  const err = sink();
  const io: CliIo = { stdin: Readable.from([options.input ?? '']), stdout: out.stream, stderr: err.stream, cwd: options.cwd, env: options.env };
  const code = await runCli(args, io);
  await new Promise((r) => setImmediate(r));
  return { code, stdout: out.text(), stderr: err.text() };
}
