import { CliExit } from './cliError.js';

/** Exit codes of a command stopped by a signal (128 + the signal number, as shells report it). */
export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
type Signal = keyof typeof SIGNAL_EXIT_CODES;

/**
 * Awaits `work`, unless SIGINT or SIGTERM arrives first: then it throws `CliExit(130|143, message(signal))`
 * without waiting for `work` (the CLI process then exits, so nothing after the await, such as writing run.json,
 * happens). The handlers are removed when it settles; a second signal gets Node's default (immediate exit).
 * @example const r = await onInterrupt(train(), (s) => `train: interrupted (${s}); no run.json written`)
 */
export async function onInterrupt<T>(work: Promise<T>, message: (signal: Signal) => string): Promise<T> {
  const handlers: Array<[Signal, () => void]> = [];
  const interrupted = new Promise<never>((_, reject) => {
    for (const signal of Object.keys(SIGNAL_EXIT_CODES) as Signal[]) {
      const h = () => reject(new CliExit(SIGNAL_EXIT_CODES[signal], message(signal)));
      handlers.push([signal, h]);
      process.once(signal, h);
    }
  });
  try {
    return await Promise.race([work, interrupted]);
  } finally {
    for (const [signal, h] of handlers) process.off(signal, h);
  }
}
