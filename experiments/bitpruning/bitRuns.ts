/**
 * Reads the BitPruning study's runs (`lowbit study run experiments/bitpruning/bitpruning-study.json`:
 * `<study>/runs/<name>/run.json`, each a `lowbit train` run record with its `bitPruning` record, and the saved model
 * `<name>/model/model.json`) into table rows.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunRecord } from '../../src/index.js';
import type { BitPruningRecord } from '../../src/bitpruning/index.js';
import { modelCost, qtools, readModelFile } from '../../src/cost/index.js';

/** One run: model, target (`twin16` for the 16-bit twin), the BitPruning record, the cost of its model and the wall time. */
export interface BitRunRow extends BitPruningRecord {
  run: string;
  model: string;
  target: string;
  status: string;
  seconds: number;
  /** Provenance from run.json: the commit and the TF.js backend that trained it. */
  gitSha: string | null;
  backend: string;
  /**
   * Inference energy per example (pJ, horowitz45nm) of the saved model at its learned widths: what
   * `lowbit cost --model <run>/model/model.json` prints. Null when the run saved no model.
   */
  energyPj: number | null;
  /** The same with the qtools energy model (the model of the `energy` target): `lowbit cost --model M --cost-model qtools`. */
  energyQtoolsPj: number | null;
  /** Parameter memory (bits) of the saved model at its learned widths (same report). Null without a model. */
  weightBits: number | null;
}

/**
 * The rows of every finished run of a study folder, in run-name order.
 * @throws Error when the folder has no runs.
 */
export function bitRuns(studyDir: string): BitRunRow[] {
  const dir = join(studyDir, 'runs');
  if (!existsSync(dir)) throw new Error(`bitRuns: ${dir} does not exist; run lowbit study run experiments/bitpruning/bitpruning-study.json first`);
  return readdirSync(dir).sort().filter((n) => existsSync(join(dir, n, 'run.json'))).flatMap((run) => {
    const r = JSON.parse(readFileSync(join(dir, run, 'run.json'), 'utf8')) as RunRecord;
    if (!r.bitPruning) return [];
    const bp = r.config.bitPruning!;
    const twin = bp.lambda === 0 && r.bitPruning.summary.meanBits === 16;
    const file = join(dir, run, 'model', 'model.json');
    const saved = existsSync(file) ? readModelFile(file) : null;
    const cost = saved ? modelCost(saved).totals : null;
    return [{
      run, model: r.config.model.type, target: twin ? 'twin16' : bp.target, status: r.status, seconds: r.final.seconds, gitSha: r.gitSha, backend: r.backend,
      energyPj: cost?.energyPj ?? null, energyQtoolsPj: saved ? modelCost(saved, { costModel: qtools }).totals.energyPj : null, weightBits: cost?.weightBits ?? null, ...r.bitPruning,
    }];
  });
}
