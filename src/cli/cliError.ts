/** An error caused by the user's input: the CLI prints its one-line message and exits with code 2. */
export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

/**
 * Ends a command with an exit code and, optionally, one line for stderr, without calling `process.exit` (so the
 * CLI also runs in-process, e.g. under `runCli`). Used for interrupts (130 on SIGINT, 143 on SIGTERM).
 * @example throw new CliExit(130, 'train: interrupted (SIGINT); no run written')
 */
export class CliExit extends Error {
  override name = 'CliExit';
  constructor(
    readonly exitCode: number,
    message = '',
  ) {
    super(message);
  }
}

/**
 * Error codes that mean "the path or file the user gave is wrong", not "lowbit is broken": fs path errors, and
 * SQLite's "this file is not a (sound) database" (a study folder whose study.sqlite is something else).
 */
const INPUT_FS_CODES = new Set(['ENOENT', 'EISDIR', 'ENOTDIR', 'EACCES', 'EPERM', 'ELOOP', 'ENAMETOOLONG', 'EROFS', 'SQLITE_NOTADB', 'SQLITE_CORRUPT']);

/** True when `e` is what an input check throws: RangeError/TypeError/SyntaxError (STYLE §4) or an fs path error. */
export function isInputError(e: unknown): boolean {
  if (e instanceof CliUsageError || e instanceof RangeError || e instanceof TypeError || e instanceof SyntaxError) return true;
  const code = (e as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && INPUT_FS_CODES.has(code);
}

function toUsage(what: string, e: unknown): unknown {
  if (e instanceof CliUsageError || !isInputError(e)) return e;
  const msg = (e as Error).message.split('\n')[0]!;
  return new CliUsageError(what && !msg.startsWith(what) ? `${what}: ${msg}` : msg);
}

/**
 * Runs an input-reading step (parse, validate, load a user's file) so that what it throws for bad input
 * (RangeError, TypeError, SyntaxError, fs path errors such as ENOENT) becomes a `CliUsageError` prefixed with
 * `what` (the option, e.g. `--model`). Anything else passes through as an internal error (exit 1). Wrap only steps
 * whose job is to check input: elsewhere a RangeError is a bug, not a usage error.
 * @example const model = await asUsage('--run', () => loadRun(o.run))
 */
export function asUsage<T>(what: string, fn: () => T): T {
  let r: T;
  try {
    r = fn();
  } catch (e) {
    throw toUsage(what, e);
  }
  if (r instanceof Promise) return r.catch((e: unknown) => Promise.reject(toUsage(what, e))) as T;
  return r;
}
