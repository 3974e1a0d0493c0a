/**
 * Where the study runner's process entry points are, in ONE place: the trial worker (forked once per run) and the
 * default trial module (the lowbit trainer). Run from the TypeScript sources (vitest, `npx lowbit` through tsx)
 * they are `.ts` files started through `bin/run-ts.js`; run from compiled JavaScript (a build under `dist/`) they
 * are the `.js` files beside this one's compiled form, started by plain `node`, with no tsx at run time.
 */
import { fileURLToPath } from 'node:url';

/** Whether this module runs compiled (`.js`) rather than from its TypeScript source. */
export const COMPILED = import.meta.url.endsWith('.js');
const EXT = COMPILED ? 'js' : 'ts';

/** The trial worker process entry (`trial/trialWorker.ts` or `.js`). */
export const TRIAL_WORKER_ENTRY = fileURLToPath(new URL(`../trial/trialWorker.${EXT}`, import.meta.url));

/** The default trial module: the lowbit trainer (`trial/trainTrial.ts` or `.js`). */
export const DEFAULT_TRIAL_MODULE = fileURLToPath(new URL(`../trial/trainTrial.${EXT}`, import.meta.url));

/** The `lowbit` command of this installation (what a Slurm task runs). */
export const LOWBIT_BIN = fileURLToPath(new URL('../../../bin/lowbit.js', import.meta.url));

/** tsx runner of the sources (not used when compiled). */
const RUN_TS = fileURLToPath(new URL('../../../bin/run-ts.js', import.meta.url));

/**
 * The module `child_process.fork` starts and its arguments, to run `entry` (a `.ts` file goes through tsx).
 * @example const { module, args } = forkTarget(TRIAL_WORKER_ENTRY); fork(module, args)
 */
export function forkTarget(entry: string): { module: string; args: string[] } {
  return entry.endsWith('.ts') ? { module: RUN_TS, args: [entry] } : { module: entry, args: [] };
}
