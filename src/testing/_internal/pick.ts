import { quantizeRational } from '../../../simulators/quantize.js';
import { handlerFor } from '../../../simulators/registry.js';
import type { RoundingMode } from '../../../simulators/rounding/roundingMode.js';
import type { Rng } from '../../../simulators/random/rng.js';
import { codeBits } from '../codes.js';
import { randomCode, randomInt } from '../randomCode.js';
import type { ScalarSpec } from '../testOp.js';
import type { Q } from './rational.js';

/** A random finite code of the format (optionally close to `near`) with its value; nonzero when asked. */
export function randomFinite(spec: ScalarSpec, rng: Rng, nonzero = false, near?: bigint): { code: bigint; x: number } {
  const h = handlerFor(spec);
  for (;;) {
    const code = randomCode(spec, rng, near);
    const x = h.decode(spec, code);
    if (Number.isFinite(x) && !(nonzero && x === 0)) return { code, x };
  }
}

const MODES: readonly RoundingMode[] = ['rtz', 'raz', 'rne'];

/**
 * The code of the exact rational q rounded into the format (in a random one of rtz, raz, rne), then moved by one
 * code up or down half of the time; undefined when that lands on no finite value.
 */
export function codeNear(spec: ScalarSpec, q: Q, rng: Rng): bigint | undefined {
  const h = handlerFor(spec);
  const r = q.n === 0n ? { value: 0 } : quantizeRational(spec, q.n, q.d, { rounding: MODES[randomInt(rng, 3)]! });
  if (!Number.isFinite(r.value)) return undefined;
  let code = h.encode(spec, r.value);
  // −1, 0, 0, +1 raw code steps (for floats: toward or away from zero within the sign)
  const step = [-1n, 0n, 0n, 1n][randomInt(rng, 4)]!;
  code += step;
  if (code < 0n || code >> BigInt(codeBits(spec)) !== 0n) return undefined;
  const x = h.decode(spec, code);
  return Number.isFinite(x) && h.isValue(spec, x) ? code : undefined;
}

/** The code of a double that must be exactly a finite value of the format, else undefined. */
export function exactCode(spec: ScalarSpec, x: number): bigint | undefined {
  const h = handlerFor(spec);
  return Number.isFinite(x) && h.isValue(spec, x) ? h.encode(spec, x) : undefined;
}
