import cliProgress from 'cli-progress';
import type { TrainingListener } from './trainingEvents.js';

/**
 * A progress display for training batches.
 * @example
 * await runTraining(config, { progress: terminalProgress() satisfies Progress })
 */
export interface Progress {
  /** A phase begins: `total` batches, labelled. */
  start(total: number, label: string): void;
  /** Batches done so far, and a status text. */
  update(done: number, loss: number): void;
  /** The phase ended: remove or finish the display. */
  stop(): void;
}

/**
 * A display that shows nothing (tests, pipes, CI).
 * @example
 * await runTraining(config, { progress: NO_PROGRESS })
 */
export const NO_PROGRESS: Progress = { start() {}, update() {}, stop() {} };

/**
 * A cli-progress bar on stderr (one line per epoch: label, bar, batches, running loss), or `NO_PROGRESS` when
 * stderr is not a TTY.
 * @example
 * await runTraining(config, { progress: terminalProgress(process.stderr) })
 */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return NO_PROGRESS;
  const bar = new cliProgress.SingleBar(
    { stream, format: '{label} [{bar}] {value}/{total} batches | loss {loss} | {duration}s', hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  return {
    start: (total, label) => bar.start(total, 0, { label, loss: '-' }),
    update: (done, loss) => bar.update(done, { loss: loss.toFixed(4) }),
    stop: () => bar.stop(),
  };
}

/**
 * Drives a progress display from the training loop's typed events: a bar per epoch (started at its first step,
 * stopped when the epoch ends or the run diverges).
 * @example fit(model, data, { …, onEvent: progressListener(terminalProgress()) })
 */
export function progressListener(progress: Progress): TrainingListener {
  let epochs = 0;
  let open = false;
  return (e) => {
    if (e.type === 'phaseStart') epochs = e.epochs;
    else if (e.type === 'step') {
      if (!open) {
        progress.start(e.batches, `${e.phase === 'train' ? '' : `${e.phase} `}epoch ${e.epoch}/${epochs}`);
        open = true;
      }
      progress.update(e.batch, e.loss);
    } else if (open) {
      progress.stop();
      open = false;
    }
  };
}
