/**
 * Where the study runner's process entry points are, in ONE place: the trial worker (forked once per run), the
 * default trial module (the lowbit trainer) and the `lowbit` command (what a Slurm task runs). From the TypeScript
 * sources (vitest, tsx) they are the `.ts` files, started through `bin/run-ts.js`; from the build they are the
 * bundles `dist/trialWorker.js`, `dist/trainTrial.js` and `dist/cli.js`, started by plain `node` (no tsx at run
 * time). The mapping lives in `src/_internal/entryPoints.json`, which `npm run build` reads too.
 */
import { join } from 'node:path';
import { PACKAGE_ROOT, RUNNING_FROM_SOURCE, entryPath } from '../../_internal/packageRoot.js';

/** Whether this code runs compiled (the bundles in `dist/`) rather than from its TypeScript source. */
export const COMPILED = !RUNNING_FROM_SOURCE;

/** The trial worker process entry (`trial/trialWorker.ts`, or `dist/trialWorker.js`). */
export const TRIAL_WORKER_ENTRY = entryPath('trialWorker');

/**
 * The default trial module: the lowbit trainer (`trial/trainTrial.ts`, or `dist/trainTrial.js`).
 * @example
 * await runStudy(spec, { outDir: 'studies/x', trialModule: DEFAULT_TRIAL_MODULE }) // the same as leaving trialModule out
 */
export const DEFAULT_TRIAL_MODULE = entryPath('trainTrial');

/** The `lowbit` command of this installation (what a Slurm task runs): `dist/cli.js`, built from `src/cli/bin.ts`. */
export const LOWBIT_BIN = join(PACKAGE_ROOT, 'dist', 'cli.js');

/** tsx runner of the sources (a clone's dev tool; not used when compiled). */
const RUN_TS = join(PACKAGE_ROOT, 'bin', 'run-ts.js');

/**
 * The module `child_process.fork` starts and its arguments, to run `entry` (a `.ts` file goes through tsx).
 * @example const { module, args } = forkTarget(TRIAL_WORKER_ENTRY); fork(module, args)
 */
export function forkTarget(entry: string): { module: string; args: string[] } {
  return entry.endsWith('.ts') ? { module: RUN_TS, args: [entry] } : { module: entry, args: [] };
}
