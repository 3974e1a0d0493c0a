/**
 * Progress of a running study as numbers and one line of text: runs done out of the total, the epoch each
 * running run is at, and an ETA from the work done so far. Work is counted in epochs (runs × epochs per run)
 * when every run has the same number of epochs, otherwise in runs; the ETA is elapsed × left ÷ done, which
 * already includes worker start-up and parallelism.
 */
import type { StudyEvent } from './runStudy.js';

export class StudyProgress {
  total = 0;
  done = 0;
  failed = 0;
  private epochsPerRun: number | null = null;
  private readonly running = new Map<string, number>();
  private readonly startedAt: number;

  constructor(now = Date.now()) {
    this.startedAt = now;
  }

  /** Feeds one runner event. */
  update(e: StudyEvent): void {
    if (e.type === 'plan') {
      this.total = e.todo;
      this.epochsPerRun = e.epochsPerRun;
    } else if (e.type === 'start') this.running.set(e.name, 0);
    else if (e.type === 'epoch') this.running.set(e.name, e.metrics.epoch);
    else if (e.type === 'finish') {
      this.running.delete(e.name);
      this.done++;
      if (e.status !== 'ok') this.failed++;
    }
  }

  /** Fraction of the work done, in [0, 1]. */
  fraction(): number {
    if (this.total === 0) return 1;
    const per = this.epochsPerRun;
    if (!per) return this.done / this.total;
    let epochs = this.done * per;
    for (const e of this.running.values()) epochs += Math.min(e, per);
    return epochs / (this.total * per);
  }

  /** Seconds left, or null before any work is done. */
  etaSeconds(now = Date.now()): number | null {
    const f = this.fraction();
    if (f <= 0) return null;
    return ((now - this.startedAt) / 1000) * ((1 - f) / f);
  }

  /** The epochs of the running runs, e.g. `epoch 2/5, 1/5`. */
  epochsText(): string {
    if (this.running.size === 0) return '';
    const per = this.epochsPerRun ? `/${this.epochsPerRun}` : '';
    return `epoch ${[...this.running.values()].map((e) => `${e}${per}`).join(', ')}`;
  }

  line(now = Date.now()): string {
    const eta = this.etaSeconds(now);
    const etaText = eta === null ? 'ETA --' : `ETA ${formatDuration(eta)}`;
    return [`${this.done}/${this.total} runs`, this.failed ? `${this.failed} not ok` : '', this.epochsText(), etaText].filter(Boolean).join(' | ');
  }
}

/** 75 → `1m15s`, 3700 → `1h01m`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
