import type { FixedSpec, FloatSpec } from '../../simulators/formats/formatSpec.js';
import { floatLayout } from '../../simulators/formats/floatLayout.js';
import { fixedBitsToCode, fixedCodeRange, fixedCodeToBits } from '../../simulators/formats/fixedPoint.js';
import { handlerFor } from '../../simulators/registry.js';
import type { Rng } from '../../simulators/random/rng.js';
import { codeBits } from './codes.js';
import type { ScalarSpec } from './testOp.js';

/** `bits` uniform random bits from the generator, as a BigInt. */
export function randomBits(rng: Rng, bits: number): bigint {
  let out = 0n;
  for (let left = bits; left > 0; left -= 32) {
    const take = Math.min(32, left);
    out = (out << BigInt(take)) | BigInt(rng.uint32() >>> (32 - take));
  }
  return out;
}

/** A uniform integer in 0..n−1 (n ≤ 2^32). */
export function randomInt(rng: Rng, n: number): number {
  return Math.floor(rng.uniform() * n);
}

/**
 * A random operand code, always a value of the format. Floats: a quarter uniform over all codes, the rest a random
 * sign, a biased exponent field (uniform, or near 0, the bias or the top) and a significand pattern (random bits, a
 * run of ones from the top or the bottom, one bit set, or one bit clear), as TestFloat draws its random operands.
 * Fixed point: uniform codes, small magnitudes, and codes near the ends of the range.
 * With `near`, the code lands close to that code (same exponent ± 3, or a small code distance), which makes sums
 * that cancel and quotients near 1.
 */
export function randomCode(spec: ScalarSpec, rng: Rng, near?: bigint): bigint {
  const h = handlerFor(spec);
  for (;;) {
    const c = spec.kind === 'float' ? randomFloatCode(spec, rng, near) : randomFixedCode(spec, rng, near);
    if (h.isValue(spec, h.decode(spec, c))) return c;
  }
}

function randomFloatCode(spec: FloatSpec, rng: Rng, near: bigint | undefined): bigint {
  const m = spec.m;
  const top = 2 ** spec.e - 1;
  if (near === undefined && rng.uniform() < 0.25) return randomBits(rng, codeBits(spec));
  let field: number;
  if (near !== undefined) {
    const f0 = Number((near >> BigInt(m)) & BigInt(top));
    field = Math.min(top, Math.max(0, f0 + randomInt(rng, 7) - 3));
  } else if (rng.uniform() < 0.5) {
    field = randomInt(rng, top + 1);
  } else {
    const bias = floatLayout(spec).bias;
    const anchors = [0, bias, top];
    field = Math.min(top, Math.max(0, anchors[randomInt(rng, 3)]! + randomInt(rng, 7) - 3));
  }
  const sign = BigInt(rng.uint32() & 1);
  return (sign << BigInt(spec.e + m)) | (BigInt(field) << BigInt(m)) | randomPattern(rng, m);
}

/** A significand pattern of m bits. */
function randomPattern(rng: Rng, m: number): bigint {
  if (m === 0) return 0n;
  const M = (1n << BigInt(m)) - 1n;
  const k = BigInt(randomInt(rng, m + 1));
  switch (randomInt(rng, 6)) {
    case 0:
    case 1:
      return randomBits(rng, m);
    case 2:
      return M ^ (M >> k); // run of ones from the top
    case 3:
      return (1n << k) - 1n; // run of ones from the bottom
    case 4:
      return (1n << k) & M; // one bit
    default:
      return M ^ ((1n << k) & M); // all ones but one
  }
}

function randomFixedCode(spec: FixedSpec, rng: Rng, near: bigint | undefined): bigint {
  const [lo, hi] = fixedCodeRange(spec);
  let c: number;
  if (near !== undefined) {
    c = fixedBitsToCode(spec, near) + randomInt(rng, 17) - 8;
  } else {
    const r = rng.uniform();
    if (r < 0.4) return randomBits(rng, spec.w);
    if (r < 0.7) {
      const k = randomInt(rng, spec.w);
      c = Math.floor((rng.uniform() * 2 - 1) * 2 ** k);
    } else {
      const d = randomInt(rng, 8);
      c = rng.uniform() < 0.5 ? hi - d : lo + d;
    }
  }
  return fixedCodeToBits(spec, Math.min(hi, Math.max(lo, c)));
}
