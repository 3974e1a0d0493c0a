import { execFileSync } from 'node:child_process';
import { IS_GIT_CHECKOUT, PACKAGE_ROOT, packageVersion } from '../_internal/packageRoot.js';
import * as tf from '@tensorflow/tfjs';
import { atomicWrite } from '../io/atomicWrite.js';
import type { Divergence, EpochRecord } from './trainingEvents.js';
import type { TrainConfig } from './trainConfig.js';
import type { BitPruningRecord } from '../bitpruning/bitPruningSchedule.js';

/**
 * Outcome of a run: `ok`, `diverged` (see `Divergence`) or `failed` (an error was thrown).
 * @example
 * const { record } = await runTraining(config);
 * record.status satisfies RunStatus
 */
export type RunStatus = 'ok' | 'diverged' | 'failed';

/**
 * The content of run.json.
 * @example
 * const record: RunRecord = JSON.parse(readFileSync('runs/x/run.json', 'utf8'));
 * record.final.testError
 */
export interface RunRecord {
  status: RunStatus;
  /** What a binary method records (BNN+'s final α per layer). */
  method?: Record<string, unknown>;
  /** Why the run diverged or failed. */
  message?: string;
  /** When it diverged: the reason, where (epoch, batch, tensor) and the loss. */
  divergence?: Divergence;
  config: TrainConfig;
  seed: number;
  /** The TF.js backend that ran (numbers differ between backends, so it is part of a result's key). */
  backend: string;
  /** lowbit's wasm kernels were installed. */
  lowbitKernels: boolean;
  versions: Record<string, string>;
  /** git commit of the code, when the folder is a git work tree with a commit. */
  gitSha: string | null;
  /** The dataset actually loaded (spec with defaults, source). */
  dataset?: { spec: unknown; source: string; trainN: number; testN: number };
  /** Range-initialisation phase of DFXP (methods.md §1.4), when it ran: its epochs (not in `epochs`). */
  rangeInit?: { epochs: EpochRecord[]; seconds: number };
  epochs: EpochRecord[];
  final: { testError: number | null; epochs: number; seconds: number; stoppedEarly: boolean };
  /** Shift Attention Layers: test error before and after rounding the attention to one-hot, and the rounding reports. */
  sal?: { testErrorBeforeRounding: number | null; testErrorAfterRounding: number; rounding: Record<string, unknown> };
  /** BitPruning (config `bitPruning`): accuracies, per-epoch history, the bitlength trajectory of every group, final bits. */
  bitPruning?: BitPruningRecord;
  /** Final fraction length f of every DFXP quantizer, by `layer/role[:param[:slot]]`. */
  dfixedRanges?: Record<string, number>;
  startedAt: string;
  finishedAt: string;
}

/** lowbit's version, from package.json. */
export function lowbitVersion(): string {
  return packageVersion();
}

/**
 * lowbit, tfjs and Node versions, plus the backend packages' versions.
 * @example
 * runVersions(activeBackend().versions) // { lowbit: '0.1.0', tfjs: '4.22.0', 'tfjs-backend-wasm': '4.22.0', node: '20.20.2' }
 */
export function runVersions(backendVersions: Record<string, string> = {}): Record<string, string> {
  return { lowbit: lowbitVersion(), ...backendVersions, tfjs: tf.version.tfjs, node: process.versions.node };
}

/**
 * The current git commit (read-only `git rev-parse HEAD`), or null outside a repository or before a commit.
 * @example
 * gitSha() // '3759911c0f…' in a clone of lowbit; null in an installed package
 */
export function gitSha(): string | null {
  if (!IS_GIT_CHECKOUT) return null; // an installed package: the enclosing repository is the user's, not lowbit's
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: PACKAGE_ROOT, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return null;
  }
}

/**
 * Writes `dir/run.json` atomically (temporary file in `dir`, then rename).
 * @example
 * writeRunRecord('runs/x', record) // 'runs/x/run.json'
 */
export function writeRunRecord(dir: string, record: RunRecord): string {
  const path = `${dir.replace(/\/+$/, '')}/run.json`;
  atomicWrite(path, JSON.stringify(record, null, 2) + '\n');
  return path;
}
