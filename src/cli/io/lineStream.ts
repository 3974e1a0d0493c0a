import { createInterface } from 'node:readline';

/**
 * Streams stdin line by line through `answer`, writing one output line per input line in order. Output is
 * flushed in chunks and always before an error propagates, so every line before a bad line has been answered.
 */
export async function streamLines(answer: (line: string, lineNo: number) => string): Promise<void> {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let buf: string[] = [];
  let n = 0;
  const flush = async () => {
    if (!buf.length) return;
    const chunk = buf.join('\n') + '\n';
    buf = [];
    if (!process.stdout.write(chunk)) await new Promise((r) => process.stdout.once('drain', r));
  };
  try {
    for await (const line of rl) {
      n++;
      buf.push(answer(line, n));
      if (buf.length >= 4096) await flush();
    }
  } finally {
    await flush();
  }
}

/** What a batch answer gives back: one output line per input line answered, and the error that stopped it. */
export interface BatchAnswer {
  out: string[];
  error?: unknown;
}

/**
 * Streams stdin in batches of up to `size` lines through `answer` (which sees the lines and the number of the
 * first), writing the outputs in order. When `answer` stops at a bad line it returns the outputs of the lines
 * before it and the error: those are written, then the error propagates (as `streamLines` does line by line).
 */
export async function streamLineBatches(answer: (lines: string[], firstLineNo: number) => BatchAnswer, size = 4096): Promise<void> {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let lines: string[] = [];
  let first = 1;
  const run = async (): Promise<void> => {
    if (!lines.length) return;
    const r = answer(lines, first);
    first += lines.length;
    lines = [];
    if (r.out.length && !process.stdout.write(r.out.join('\n') + '\n')) await new Promise((res) => process.stdout.once('drain', res));
    if (r.error !== undefined) throw r.error;
  };
  for await (const line of rl) {
    lines.push(line);
    if (lines.length >= size) await run();
  }
  await run();
}
