/**
 * The crash-safe results store of a study: one SQLite file (`study.sqlite`) in the study folder, written only by
 * the runner process.
 *
 * Durability: WAL journal with `synchronous = FULL`. With WAL, NORMAL is already safe against a killed process
 * (kill -9 cannot undo a commit that reached the WAL); FULL also fsyncs the WAL at every commit, so a finished
 * run survives a power cut too. A study commits twice per run (start, finish), so FULL costs nothing measurable.
 *
 * A run's row and all its epochs are written in ONE transaction when the run finishes, so a crash at any moment
 * leaves each run either finished with all its epochs, or not finished (status `running`, re-run on resume).
 *
 * | table   | one row per                    | key               |
 * |---------|--------------------------------|-------------------|
 * | `study` | metadata entry (spec, runner)  | key               |
 * | `runs`  | grid point ever started        | name              |
 * | `epochs`| epoch of a finished run        | (run_name, epoch) |
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { EpochMetrics, TrialResult } from '../trial/trial.js';
import { assertNotLink } from '../_internal/studyFs.js';

/**
 * File name of the database inside a study folder.
 * @example
 * existsSync(join('studies/default', STUDY_DB_FILE)) // a study folder
 */
export const STUDY_DB_FILE = 'study.sqlite';

/**
 * The state of a row of `runs`: `running`, or how the run ended.
 * @example
 * const s: RunStatus = 'diverged';
 */
export type RunStatus = 'running' | 'ok' | 'diverged' | 'failed';

/**
 * A row of `runs`, with JSON columns parsed.
 * @example
 * const store = StudyStore.open('studies/default', { readonly: true });
 * store.runs().map((r: RunRecord) => [r.name, r.status]);
 */
export interface RunRecord {
  name: string;
  /** The grid point this run replicates (its name without the seed); the run's name for older studies. */
  point: string;
  idx: number;
  status: RunStatus;
  config: Record<string, unknown>;
  labels: Record<string, string>;
  vars: Record<string, string | number>;
  seed: number | null;
  backend: string | null;
  versions: Record<string, string> | null;
  error: string | null;
  attempts: number;
  pid: number | null;
  startedAt: string | null;
  finishedAt: string | null;
  seconds: number | null;
  finalTestError: number | null;
  finalTrainLoss: number | null;
  energyPj: number | null;
  memoryBits: number | null;
  macs: number | null;
  params: number | null;
  /** Where the run's model files are (`host:/path` when they stayed on a queue worker), or null. */
  artifacts: string | null;
}

/**
 * A row of `epochs`: one epoch of one run (its metrics and the run's name).
 * @example
 * store.epochs('format=float32__seed=1').map((e: EpochRecord) => e.testError)
 */
export interface EpochRecord extends EpochMetrics {
  runName: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS study (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
  name TEXT PRIMARY KEY,
  idx INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('running', 'ok', 'diverged', 'failed')),
  config_json TEXT NOT NULL,
  point_json TEXT NOT NULL,
  seed INTEGER, backend TEXT, versions_json TEXT, error TEXT,
  attempts INTEGER NOT NULL DEFAULT 0, pid INTEGER,
  started_at TEXT, finished_at TEXT, seconds REAL,
  final_test_error REAL, final_train_loss REAL,
  energy_pj REAL, memory_bits REAL, macs REAL, params REAL, artifacts TEXT
);
CREATE TABLE IF NOT EXISTS epochs (
  run_name TEXT NOT NULL REFERENCES runs(name) ON DELETE CASCADE,
  epoch INTEGER NOT NULL,
  train_loss REAL, test_error REAL, seconds REAL,
  PRIMARY KEY (run_name, epoch)
);`;

type Row = Record<string, unknown>;
const num = (x: unknown): number | null => (typeof x === 'number' ? x : null);
const finite = (x: number | null | undefined): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

function toRecord(r: Row): RunRecord {
  const point = JSON.parse(r.point_json as string) as { labels: Record<string, string>; vars: Record<string, string | number>; point?: string };
  return {
    name: r.name as string, point: point.point ?? (r.name as string), idx: r.idx as number, status: r.status as RunStatus,
    config: JSON.parse(r.config_json as string), labels: point.labels, vars: point.vars,
    seed: num(r.seed), backend: (r.backend as string) ?? null,
    versions: r.versions_json ? JSON.parse(r.versions_json as string) : null, error: (r.error as string) ?? null,
    attempts: r.attempts as number, pid: num(r.pid),
    startedAt: (r.started_at as string) ?? null, finishedAt: (r.finished_at as string) ?? null, seconds: num(r.seconds),
    finalTestError: num(r.final_test_error), finalTrainLoss: num(r.final_train_loss),
    energyPj: num(r.energy_pj), memoryBits: num(r.memory_bits), macs: num(r.macs), params: num(r.params),
    artifacts: (r.artifacts as string) ?? null,
  };
}

/**
 * What the runner knows about a grid point when it starts it.
 * @example
 * // what the runner writes when a run starts (its row says running until the result arrives)
 * store.startRun({ name, point, config, … } as StartRunInput)
 */
export interface StartRunInput {
  name: string;
  /** The grid point this run replicates (default: the run's name). */
  point?: string;
  index: number;
  config: Record<string, unknown>;
  labels: Record<string, string>;
  vars: Record<string, string | number>;
  pid: number | null;
}

/**
 * Opens (and creates) the database of a study folder. `readonly` opens an existing one for status and reports.
 * @example
 * const store = StudyStore.open('studies/default', { readonly: true });
 * try { console.log(store.runs().length); } finally { store.close(); }
 */
export class StudyStore {
  readonly db: Database.Database;

  private constructor(db: Database.Database) {
    this.db = db;
  }

  /**
   * @throws Error from SQLite when `readonly` and the folder holds no database; RangeError when it holds an SQLite
   *   database without the study's tables.
   * @example const store = StudyStore.open('studies/default'); store.runs(); store.close();
   */
  static open(dir: string, options: { readonly?: boolean } = {}): StudyStore {
    const file = join(dir, STUDY_DB_FILE);
    // SQLite opens its files following links; refuse a link planted in the study folder (issue 11)
    if (!options.readonly) for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) assertNotLink(f);
    const db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false, timeout: 10_000 });
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      db.exec(SCHEMA);
      // studies made before the column existed
      const cols = (db.prepare('PRAGMA table_info(runs)').all() as { name: string }[]).map((c) => c.name);
      if (!cols.includes('artifacts')) db.exec('ALTER TABLE runs ADD COLUMN artifacts TEXT');
    } else {
      // a database, but not a study's (another tool's SQLite file, or an empty one): say so, not "no such table"
      const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name));
      const missing = ['study', 'runs', 'epochs'].filter((t) => !tables.has(t));
      if (missing.length > 0) {
        db.close();
        throw new RangeError(`${file} is an SQLite database but not a lowbit study (no table ${missing.join(', ')})`);
      }
    }
    return new StudyStore(db);
  }

  /** A value of the `meta` table, or undefined. */
  getMeta(key: string): string | undefined {
    const r = this.db.prepare('SELECT value FROM study WHERE key = ?').get(key) as { value: string } | undefined;
    return r?.value;
  }

  /** Writes values of the `meta` table (one transaction). */
  setMeta(entries: Record<string, string>): void {
    const put = this.db.prepare('INSERT INTO study (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
    this.db.transaction(() => {
      for (const [k, v] of Object.entries(entries)) put.run(k, v);
    })();
  }

  /** Every row of `runs`, JSON columns parsed. */
  runs(): RunRecord[] {
    return (this.db.prepare('SELECT * FROM runs ORDER BY idx, name').all() as Row[]).map(toRecord);
  }

  /** One row of `runs` by name, or undefined. */
  run(name: string): RunRecord | undefined {
    const r = this.db.prepare('SELECT * FROM runs WHERE name = ?').get(name) as Row | undefined;
    return r && toRecord(r);
  }

  /** Rows of `epochs`, of one run or of all. */
  epochs(runName?: string): EpochRecord[] {
    const rows = (runName === undefined
      ? this.db.prepare('SELECT * FROM epochs ORDER BY run_name, epoch').all()
      : this.db.prepare('SELECT * FROM epochs WHERE run_name = ? ORDER BY epoch').all(runName)) as Row[];
    return rows.map((r) => ({ runName: r.run_name as string, epoch: r.epoch as number, trainLoss: num(r.train_loss) ?? NaN, testError: num(r.test_error) ?? NaN, seconds: num(r.seconds) ?? NaN }));
  }

  /** Marks a run as started (attempts + 1), clearing any earlier unfinished or failed attempt. One transaction. */
  startRun(p: StartRunInput, now = new Date()): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM epochs WHERE run_name = ?').run(p.name);
      this.db
        .prepare(
          `INSERT INTO runs (name, idx, status, config_json, point_json, attempts, pid, started_at)
           VALUES (@name, @idx, 'running', @config, @point, 1, @pid, @now)
           ON CONFLICT(name) DO UPDATE SET idx = excluded.idx, status = 'running', config_json = excluded.config_json,
             point_json = excluded.point_json, attempts = runs.attempts + 1, pid = excluded.pid, started_at = excluded.started_at,
             finished_at = NULL, seconds = NULL, error = NULL, final_test_error = NULL, final_train_loss = NULL,
             seed = NULL, backend = NULL, versions_json = NULL, energy_pj = NULL, memory_bits = NULL, macs = NULL, params = NULL, artifacts = NULL`,
        )
        .run({ name: p.name, idx: p.index, config: JSON.stringify(p.config), point: JSON.stringify({ labels: p.labels, vars: p.vars, point: p.point ?? p.name }), pid: p.pid, now: now.toISOString() });
    })();
  }

  /**
   * Records a finished run (its row and all its epochs) in ONE transaction, exactly once: only a row still
   * `running` is updated, so a result delivered twice (a queue re-delivers at least once) changes nothing.
   * @returns true when recorded, false when the run was already finished.
   * @throws Error when the run was never started.
   */
  finishRun(name: string, result: TrialResult, seconds: number, now = new Date()): boolean {
    const last = result.epochs[result.epochs.length - 1];
    const ins = this.db.prepare('INSERT OR REPLACE INTO epochs (run_name, epoch, train_loss, test_error, seconds) VALUES (?, ?, ?, ?, ?)');
    return this.db.transaction(() => {
      const changed = this.db
        .prepare(
          `UPDATE runs SET status = @status, seed = @seed, backend = @backend, versions_json = @versions, error = @error,
             finished_at = @now, seconds = @seconds, final_test_error = @fte, final_train_loss = @ftl,
             energy_pj = @energy, memory_bits = @memory, macs = @macs, params = @params, pid = NULL, artifacts = @artifacts
           WHERE name = @name AND status = 'running'`,
        )
        .run({
          name, status: result.status, seed: result.seed ?? null, backend: result.backend ?? null,
          versions: result.versions ? JSON.stringify(result.versions) : null, error: result.error ?? null,
          now: now.toISOString(), seconds, fte: finite(result.finalTestError), ftl: finite(last?.trainLoss),
          energy: finite(result.cost?.energyPj), memory: finite(result.cost?.memoryBits), macs: finite(result.cost?.macs), params: finite(result.cost?.params),
          artifacts: result.artifacts ?? null,
        }).changes;
      if (changed !== 1) {
        if (this.run(name)) return false;
        throw new Error(`StudyStore.finishRun: run ${name} was never started`);
      }
      for (const e of result.epochs) ins.run(name, e.epoch, finite(e.trainLoss), finite(e.testError), finite(e.seconds));
      return true;
    })();
  }

  /** Closes the database. */
  close(): void {
    this.db.close();
  }
}
