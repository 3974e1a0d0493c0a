import { parseCliNumber } from '../../src/cli/io/parseNumber.js';
import { quantizeInput } from '../../simulators/exactInput.js';
import { parseFormat } from '../../simulators/formats/parseFormat.js';
import { best } from './_timing.js';

/**
 * Exact long decimals (issue 11): parsing a decimal of n digits and rounding it exactly into float32, against
 * `Number(text)` on the same text (V8's own linear-time, correctly rounded parse) as the baseline. A ratio that
 * stays flat as n grows 1000-fold shows the time is linear in the input.
 */
export async function bench(): Promise<void> {
  const f32 = parseFormat('float32');
  console.log('digits      lowbit ms   Number() ms   ratio');
  for (const n of [1e4, 1e5, 1e6, 1e7]) {
    const text = '0.' + '3'.repeat(n - 1) + '7';
    const runs = n >= 1e7 ? 3 : 7;
    const base = best(runs, () => void Number(text));
    const ours = best(runs, () => void quantizeInput(f32, parseCliNumber(text)));
    console.log(`${String(n).padEnd(11)} ${(ours * 1e3).toFixed(2).padStart(9)}   ${(base * 1e3).toFixed(2).padStart(11)}   ${(ours / base).toFixed(2).padStart(5)}×`);
  }
}
