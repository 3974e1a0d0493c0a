/**
 * Reads the BitPruning study's runs (`lowbit study run experiments/bitpruning/bitpruning-study.json`:
 * `<study>/runs/<name>/run.json`, each a `lowbit train` run record with its `bitPruning` record) into table rows.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunRecord } from '../../src/index.js';
import type { BitPruningRecord } from '../../src/bitpruning/index.js';

/** One run: model, target (`twin16` for the 16-bit twin), the BitPruning record and the wall time. */
export interface BitRunRow extends BitPruningRecord {
  run: string;
  model: string;
  target: string;
  status: string;
  seconds: number;
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
    return [{ run, model: r.config.model.type, target: twin ? 'twin16' : bp.target, status: r.status, seconds: r.final.seconds, ...r.bitPruning }];
  });
}
