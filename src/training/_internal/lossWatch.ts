import type { Divergence } from '../trainingEvents.js';

/** Where a batch is: epoch, 1-based batch, batches per epoch, and its loss. */
export interface BatchAt {
  epoch: number;
  batch: number;
  batches: number;
  loss: number;
}

/**
 * The loss side of divergence detection: a NaN/±Inf loss, or a loss above `ratio` × the reference, which is the
 * first epoch's mean loss once it is known and the first batch's loss during epoch 1 (a non-positive reference
 * disables the bound).
 */
export class LossWatch {
  private firstBatch: number | undefined;
  private firstEpoch: number | undefined;

  constructor(readonly ratio: number) {
    if (!(ratio > 1) || !Number.isFinite(ratio)) throw new RangeError(`fit: maxLossRatio must be a finite number > 1; got ${ratio}`);
  }

  /** The divergence this batch's loss shows, or undefined. */
  check(loss: number, at: BatchAt): Divergence | undefined {
    const where = `at epoch ${at.epoch}, batch ${at.batch}/${at.batches}`;
    if (!Number.isFinite(loss)) return { reason: 'non-finite loss', ...at, message: `training diverged: loss is ${loss} ${where}` };
    if (this.firstBatch === undefined) {
      this.firstBatch = loss;
      return undefined;
    }
    const ref = this.firstEpoch ?? this.firstBatch;
    const bound = this.ratio * ref;
    if (ref > 0 && loss > bound) {
      const of = this.firstEpoch === undefined ? "the first batch's loss" : "the first epoch's loss";
      return { reason: 'loss bound', ...at, bound, message: `training diverged: loss ${loss} exceeds ${this.ratio} × ${of} (${ref}) ${where}` };
    }
    return undefined;
  }

  /** Takes the first epoch's mean loss as the reference. */
  endEpoch(meanLoss: number): void {
    this.firstEpoch ??= meanLoss;
  }
}
