import { runCli, cliConsole } from './runCli.js';

/** Exit code when stdout is closed early (`lowbit formats | head -1`): the reader has what it wanted. */
const EXIT_EPIPE = 0;

/**
 * The `lowbit` process: runs `runCli` on the real streams and exits with its code once stdout and stderr are
 * flushed. A closed stdout (EPIPE) ends the process quietly; tfjs' "install tfjs-node" banner is dropped.
 * `src/cli/bin.ts` (the package bin, `dist/cli.js`) calls it with `process.argv`.
 * @example await main(process.argv)
 */
export async function main(argv: readonly string[]): Promise<never> {
  const onStreamError = (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') {
      try {
        process.stderr.write(`lowbit: cannot write output: ${e.message.split('\n')[0]}\n`);
      } catch {
        /* stderr is gone too */
      }
    }
    process.exit(e.code === 'EPIPE' ? EXIT_EPIPE : 1);
  };
  process.stdout.on('error', onStreamError);
  process.stderr.on('error', onStreamError);
  // a stray async failure (a callback outside any command's await) still ends in one line, not a stack
  const onStray = (e: unknown) => {
    process.stderr.write(`lowbit: internal error: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}\n`);
    if (process.env.LOWBIT_DEBUG && process.env.LOWBIT_DEBUG !== '0') process.stderr.write(`${e instanceof Error ? e.stack : ''}\n`);
    process.exit(1);
  };
  process.on('uncaughtException', onStray);
  process.on('unhandledRejection', onStray);
  globalThis.console = cliConsole(process.stdout, process.stderr);
  const code = await runCli(argv.slice(2));
  // exit explicitly (lingering handles of tfjs or worker pools must not keep a finished command alive), after the
  // streams have flushed what the command wrote
  await new Promise<void>((r) => process.stdout.write('', () => r()));
  await new Promise<void>((r) => process.stderr.write('', () => r()));
  process.exit(code);
}
