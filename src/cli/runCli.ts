import { Command, CommanderError } from 'commander';
import { Console } from 'node:console';
import type { Readable, Writable } from 'node:stream';
import { COMMANDS } from './commands/index.js';
import { CliExit, CliUsageError } from './cliError.js';
import { lowbitPackageVersion } from './packageVersion.js';

/** Where an in-process run of the CLI reads and writes; anything omitted is the real process's. */
export interface CliIo {
  stdin?: Readable;
  stdout?: Writable;
  stderr?: Writable;
  /** Working directory for the run (relative paths in argv and the default output folders resolve against it). */
  cwd?: string;
  /** Environment for the run (e.g. `{ LOWBIT_DEBUG: '1' }`); replaces `process.env` while it runs. */
  env?: NodeJS.ProcessEnv;
}

/** Exit codes: 0 ok, 1 internal error or failed run, 2 usage error, 3 diverged run, 130/143 interrupted. */
export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_USAGE = 2;

/** tfjs-backend-cpu's "install tfjs-node" banner: advice to developers, not to a CLI user (and never one line). */
const TFJS_BANNER = /looks like you are running TensorFlow\.js in\s+Node\.js/;

/** A console whose `warn` drops the tfjs banner; everything else goes to `stdout`/`stderr`. */
export function cliConsole(stdout: Writable, stderr: Writable): Console {
  const c = new Console({ stdout, stderr });
  const warn = c.warn.bind(c);
  c.warn = (...args: unknown[]) => {
    if (!args.some((a) => typeof a === 'string' && TFJS_BANNER.test(a))) warn(...args);
  };
  return c;
}

/** One line: the first line of a message, trimmed. */
const oneLine = (s: string): string => s.split('\n').map((l) => l.trim()).filter(Boolean).join(' ') || '(no message)';

/** Runs `fn` with process.stdout/stderr/stdin, console, cwd and env swapped for `io`; restores them after. */
async function withIo<T>(io: CliIo, fn: () => Promise<T>): Promise<T> {
  const saved: Array<[string, PropertyDescriptor]> = [];
  const swap = (name: 'stdout' | 'stderr' | 'stdin', value: unknown) => {
    saved.push([name, Object.getOwnPropertyDescriptor(process, name)!]);
    Object.defineProperty(process, name, { configurable: true, enumerable: true, get: () => value });
  };
  if (io.stdout) swap('stdout', io.stdout);
  if (io.stderr) swap('stderr', io.stderr);
  if (io.stdin) swap('stdin', io.stdin);
  const console0 = globalThis.console;
  const cwd0 = process.cwd();
  const env0 = process.env;
  const exitCode0 = process.exitCode;
  globalThis.console = cliConsole(process.stdout, process.stderr);
  if (io.cwd) process.chdir(io.cwd);
  if (io.env) process.env = io.env;
  process.exitCode = undefined;
  try {
    return await fn();
  } finally {
    process.exitCode = exitCode0;
    process.env = env0;
    if (io.cwd) process.chdir(cwd0);
    globalThis.console = console0;
    for (const [name, d] of saved.reverse()) Object.defineProperty(process, name, d);
  }
}

/** The program with every command registered; output goes through `process.stdout/stderr` at call time. */
function buildProgram(onAction: (name: string) => void): Command {
  const program = new Command();
  program
    .name('lowbit')
    .description('Bit-accurate low-precision arithmetic, quantized training in TF.js, hardware cost estimates.')
    .version(lowbitPackageVersion(), '-V, --version', 'print the lowbit version')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => process.stdout.write(s),
      // help shown because of an error goes to stdout; stderr gets exactly one line (below)
      writeErr: (s) => process.stdout.write(s),
      outputError: (s) => process.stderr.write(`lowbit: ${oneLine(s)}\n`),
    })
    .showHelpAfterError(false);
  for (const register of COMMANDS) register(program);
  program.hook('preAction', (_root, cmd) => {
    const names: string[] = [];
    for (let c: Command | null = cmd; c && c !== program; c = c.parent) names.unshift(c.name());
    onAction(names.join(' '));
  });
  return program;
}

/** Maps what a command threw to an exit code, writing at most one line to stderr. */
function exitCodeOf(e: unknown, operation: string, debug: boolean): number {
  if (e instanceof CommanderError) {
    if (e.exitCode === 0) return 0; // --help, --version
    if (e.code === 'commander.help') process.stderr.write('lowbit: missing command (see the usage above)\n');
    return EXIT_USAGE; // commander already printed its one-line message
  }
  if (e instanceof CliExit) {
    if (e.message) process.stderr.write(`lowbit: ${oneLine(e.message)}\n`);
    return e.exitCode;
  }
  if (e instanceof CliUsageError) {
    process.stderr.write(`lowbit: ${oneLine(e.message)}\n`);
    return EXIT_USAGE;
  }
  const msg = e instanceof Error ? e.message : String(e);
  const hint = debug ? '' : ' (LOWBIT_DEBUG=1 shows the stack)';
  process.stderr.write(`lowbit: internal error in ${operation || 'lowbit'}: ${oneLine(msg)}${hint}\n`);
  if (debug) process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  return EXIT_INTERNAL;
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs the `lowbit` command line on `argv` (the user's arguments, without `node` and the script) and resolves to
 * the exit code; it never calls `process.exit`, so tests and tools can run many commands in one process. Runs are
 * serialised (one at a time), each with `io` swapped in for the process's streams, console, cwd and env.
 *
 * Errors: a usage error (bad option, bad input file: `CliUsageError` or commander's own) prints one line and gives 2;
 * any other exception is an internal error: one line naming the command, the stack only with `LOWBIT_DEBUG=1`,
 * code 1. A command may set `process.exitCode` (e.g. 3 for a diverged run) or throw `CliExit`.
 * @example const code = await runCli(['quantize', '--format', 'int8'], { stdin: Readable.from(['1.5\n']), stdout })
 */
export function runCli(argv: readonly string[], io: CliIo = {}): Promise<number> {
  const run = () =>
    withIo(io, async () => {
      let operation = '';
      const debug = Boolean(process.env.LOWBIT_DEBUG) && process.env.LOWBIT_DEBUG !== '0';
      try {
        await buildProgram((name) => (operation = name)).parseAsync([...argv], { from: 'user' });
      } catch (e) {
        return exitCodeOf(e, operation, debug);
      }
      return Number(process.exitCode ?? 0);
    });
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}
