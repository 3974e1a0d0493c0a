/**
 * `lowbit/studies`: declarative studies as library code: a spec (a base training config plus a grid), the runner
 * on a pool of worker processes with a SQLite store that survives `kill -9`, the status, the results and the
 * offline HTML report. The `lowbit study` command is a thin layer over these functions.
 *
 * @example
 * import { loadStudySpec, runStudy, buildReport } from 'lowbit/studies';
 * const spec = loadStudySpec('experiments/studies/default.json');
 * await runStudy(spec, { outDir: 'studies/default', quick: true });
 * await buildReport('studies/default');
 * @packageDocumentation
 * @module lowbit/studies
 */
export { validateStudySpec } from './spec/studySpec.js';
export type { StudySpec, GridAxisSpec, StudyReportSpec, StudyCostSpec } from './spec/studySpec.js';
export { loadStudySpec } from './spec/loadStudySpec.js';
export { expandGrid } from './spec/grid.js';
export type { GridPoint, ExpandGridOptions } from './spec/grid.js';
export { runStudy, DEFAULT_TRIAL_MODULE, studySpecHash } from './runStudy.js';
export { localExecutor } from './executors/localExecutor.js';
export type { LocalExecutorOptions } from './executors/localExecutor.js';
export { queueExecutor } from './executors/queueExecutor.js';
export type { QueueExecutorOptions } from './executors/queueExecutor.js';
export { runQueueWorker } from './executors/queueWorker.js';
export type { QueueWorkerOptions, QueueWorkerSummary } from './executors/queueWorker.js';
export { prepareSlurmStudy, runOneTask, collectStudy } from './executors/slurm.js';
export type { SlurmScriptOptions } from './executors/slurm.js';
export type { StudyExecutor, ExecutorContext } from './executors/executor.js';
export type { RunStudyOptions, RunStudySummary, StudyEvent } from './runStudy.js';
export type { TrialModule, TrialContext, TrialResult, TrialCost, EpochMetrics } from './trial/trial.js';
export { StudyStore, STUDY_DB_FILE } from './store/studyStore.js';
export { studyStatus, formatStudyStatus } from './store/studyStatus.js';
export type { StudyStatusReport, PointState } from './store/studyStatus.js';
export { readStudy, loadStudyResults, familyLabel } from './store/studyResults.js';
export type { StudyResults, ResultRow, PointRow, CurveRow } from './store/studyResults.js';
export { buildReport } from './report/buildReport.js';
export type { StudyReportFiles } from './report/buildReport.js';
export { studyPlots, errorVsBitsSpec, errorVsCostSpec, trainingCurvesSpec } from './report/plots.js';
export { resultsCsv, aggregatedCsv } from './report/resultsCsv.js';
export { paretoFront } from './report/pareto.js';
export type { RunStatus, RunRecord, EpochRecord, StartRunInput } from './store/studyStore.js';
export type { PlotId } from './report/plots.js';
export { DEFAULT_MAX_RUNS } from './spec/grid.js';
export type { TaskResult } from './executors/slurm.js';
