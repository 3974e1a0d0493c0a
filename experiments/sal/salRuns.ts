/**
 * Reads the SAL study's runs (`lowbit study run experiments/sal/sal-study.json`: `<study>/runs/<name>/run.json`, each a
 * `lowbit train` run record) into table rows: the variant, τ0, the test accuracy before and after rounding, wall
 * time, and the cost model's counts of the trained form and the rounded form (`salCostRow`).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunRecord } from '../../src/index.js';
import { SAL_COST_FORMS, salCostRow, type SalCostRow, type SalVariant } from './salCost.js';

/** One run of the study. */
export interface SalRunRow {
  run: string;
  variant: SalVariant;
  tau0: number | null;
  status: string;
  /** Test accuracy at the end of training (soft attention for SALs), and after rounding (SALs). */
  accuracy: number;
  accuracyRounded?: number;
  seconds: number;
  /** Counts of the net as trained (soft SAL) and at inference (rounded SAL; conv and shift as trained). */
  training: SalCostRow;
  inference: SalCostRow;
}

/**
 * The rows of every finished run of a study folder, in run-name order.
 * @throws Error when the folder has no runs.
 */
export function salRuns(studyDir: string): SalRunRow[] {
  const dir = join(studyDir, 'runs');
  if (!existsSync(dir)) throw new Error(`salRuns: ${dir} does not exist; run lowbit study run experiments/sal/sal-study.json first`);
  const counts = new Map(SAL_COST_FORMS.map((f) => [f.form, salCostRow(f).row]));
  return readdirSync(dir).sort().filter((n) => existsSync(join(dir, n, 'run.json'))).map((run) => {
    const r = JSON.parse(readFileSync(join(dir, run, 'run.json'), 'utf8')) as RunRecord;
    const conv = r.config.model.type === 'cnn' ? r.config.model.conv[1]! : undefined;
    const variant = (conv?.type ?? 'conv') as SalVariant;
    const soft = variant === 'sal' || variant === 'salShared';
    const accuracy = 1 - (r.final.testError ?? NaN);
    return {
      run, variant, tau0: soft ? (conv?.tau0 ?? 20) : null, status: r.status, accuracy,
      ...(r.sal ? { accuracyRounded: 1 - r.sal.testErrorAfterRounding } : {}),
      seconds: r.final.seconds,
      training: counts.get(soft ? `${variant}-soft` : variant)!,
      inference: counts.get(soft ? `${variant}-rounded` : variant)!,
    };
  });
}
