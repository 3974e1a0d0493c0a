import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands/index.js';
import { CliUsageError } from './cliError.js';
import { packageVersion } from '../_internal/packageRoot.js';

/**
 * The `lowbit` command line. Every command is registered from the explicit list in `commands/index.ts`.
 * Bad input: one line on stderr naming the argument, the value and what is allowed; exit code 2; no stack.
 */
export async function main(argv: string[]): Promise<void> {
  const program = new Command();
  program
    .name('lowbit')
    .description('Bit-accurate low-precision arithmetic, quantized training in TF.js, hardware cost estimates.')
    .version(packageVersion(), '--version', 'print the lowbit version')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .showHelpAfterError(false);
  for (const register of COMMANDS) register(program);
  try {
    await program.parseAsync(argv);
  } catch (e) {
    handleError(e);
  }
}

function handleError(e: unknown): never {
  if (e instanceof CommanderError) {
    // help and version exit 0; commander already printed its one-line message for usage errors
    process.exit(e.exitCode === 0 ? 0 : 2);
  }
  if (e instanceof CliUsageError || e instanceof RangeError || e instanceof TypeError) {
    process.stderr.write(`lowbit: ${(e as Error).message.split('\n')[0]}\n`);
    process.exit(2);
  }
  process.stderr.write(`lowbit: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
  if (process.env.LOWBIT_DEBUG) console.error(e);
  process.exit(1);
}

await main(process.argv);
