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
