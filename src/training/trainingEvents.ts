/**
 * Typed events of the training loop (`fit`), as tfjs-layers' `CustomCallback` arguments are typed: the progress
 * bar, `lowbit train`'s log lines and the study runner consume them; nobody parses log text.
 *
 * | type          | when                                  | fields                                             |
 * |---------------|---------------------------------------|----------------------------------------------------|
 * | `phaseStart`  | `fit` starts a phase                  | phase, epochs, batches (per epoch)                 |
 * | `step`        | after every optimizer step            | phase, epoch, batch (1-based), batches, loss (running mean) |
 * | `epoch`       | after every epoch's evaluation        | phase, record (`EpochRecord`)                      |
 * | `diverged`    | the run diverged and stopped          | phase, divergence (`Divergence`)                   |
 *
 * `phase` names the part of a run: `train`, `rangeInit` (DFXP range initialisation), `learn` and `finetune`
 * (BitPruning's schedule).
 * @example
 * const onEvent = (e: TrainingEvent) => { if (e.type === 'epoch') console.log(e.phase, e.record.testError); };
 */
export type TrainingEvent =
  | { type: 'phaseStart'; phase: string; epochs: number; batches: number }
  | { type: 'step'; phase: string; epoch: number; batch: number; batches: number; loss: number }
  | { type: 'epoch'; phase: string; record: EpochRecord }
  | { type: 'diverged'; phase: string; divergence: Divergence };

/**
 * A consumer of training events.
 * @example
 * const listener: TrainingListener = (e) => console.log(e.type);
 * await runTraining(config, { onEvent: listener });
 */
export type TrainingListener = (event: TrainingEvent) => void;

/**
 * One epoch of a run (the `epochs` entries of run.json).
 * @example
 * record.epochs.map((e: EpochRecord) => e.testError)
 */
export interface EpochRecord {
  epoch: number;
  /** Mean training loss over the epoch's batches: the loss the optimizer minimises (task loss plus penalties). */
  trainLoss: number;
  /** Mean of the penalty terms (BitPruning's λ·C(n)/C(n₀), BNN+'s λ·ΣR), when there are any. */
  penalty?: number;
  /** Test error as a fraction in [0, 1]: reported only, never used to choose anything. */
  testError: number;
  /** Error on the validation split carved from the training data (early stopping), when there is one. */
  valError?: number;
  /** Wall time of the epoch: its training batches and its evaluation. */
  seconds: number;
}

/**
 * Why a run diverged (issue 11): the first non-finite value, or a loss beyond the bound.
 * @example
 * if (record.status === 'diverged') console.log(record.divergence?.reason, record.divergence?.epoch);
 */
export interface Divergence {
  reason: 'non-finite loss' | 'loss bound' | 'non-finite gradient' | 'non-finite parameter' | 'non-finite optimizer state';
  epoch: number;
  /** 1-based batch of the epoch. */
  batch: number;
  /** The loss of that batch. */
  loss: number;
  /** The tensor that holds the value (`dense_1/kernel`, `dense_1/kernel:m`), for non-finite tensors. */
  tensor?: string;
  /** The bound the loss exceeded (`loss bound`). */
  bound?: number;
  /** One line: `training diverged: non-finite gradient in dense_1/kernel at epoch 2, batch 7/80`. */
  message: string;
}
