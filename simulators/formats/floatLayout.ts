import type { FloatSpec } from './formatSpec.js';
import { pow2 } from '../_internal/bits.js';

/**
 * Derived parameters of a float format: precision, bias, exponent range, largest finite value and encodings.
 *
 * | specials | bias        | emax              | largest finite                 | NaN code        | inf |
 * |----------|-------------|-------------------|--------------------------------|-----------------|-----|
 * | ieee     | 2^(e−1)−1   | bias              | 2^emax·(2−2^(1−p))             | 0 11…1 10…0     | yes |
 * | fn       | 2^(e−1)−1   | bias+1            | 2^emax·(2−2^(2−p)) (E4M3: 448) | 0 11…1 11…1     | no  |
 * | fnuz     | 2^(e−1)     | bias−1            | 2^emax·(2−2^(1−p))             | 1 00…0 00…0     | no  |
 * | none     | 2^(e−1)−1   | bias+1            | 2^emax·(2−2^(1−p))             | —               | no  |
 */
export interface FloatLayout {
  readonly p: number;
  readonly bias: number;
  readonly emin: number;
  readonly emax: number;
  readonly nbits: number;
  readonly maxFinite: number;
  readonly minNormal: number;
  readonly minSubnormal: number;
  readonly hasInf: boolean;
  readonly hasNaN: boolean;
  readonly hasNegZero: boolean;
  /** The canonical NaN code (ieee: quiet NaN with sign 0), or undefined when the format has no NaN. */
  readonly nanCode: bigint | undefined;
}

const cache = new Map<string, FloatLayout>();

/** Computes (and caches) the layout of a float spec. */
export function floatLayout(spec: FloatSpec): FloatLayout {
  const key = `${spec.e},${spec.m},${spec.specials}`;
  let L = cache.get(key);
  if (!L) {
    L = computeLayout(spec);
    cache.set(key, L);
  }
  return L;
}

function computeLayout({ e, m, specials }: FloatSpec): FloatLayout {
  const p = m + 1;
  const bias = specials === 'fnuz' ? 2 ** (e - 1) : 2 ** (e - 1) - 1;
  const topField = specials === 'ieee' ? 2 ** e - 2 : 2 ** e - 1;
  let emax = topField - bias;
  const emin = 1 - bias;
  // fn gives the all-ones pattern to NaN: the top binade loses its largest code (or all of it when m = 0)
  let maxMant = 2 - pow2(1 - p);
  if (specials === 'fn') {
    if (m === 0) {
      emax -= 1;
    } else {
      maxMant = 2 - pow2(2 - p);
    }
  }
  if (emax > 1023 || emin - m < -1074) {
    // every value must be a double: parseFormat refuses such specs, and a hand-built FloatSpec is refused here
    throw new RangeError(`float(e=${e},m=${m},specials=${specials}): values fall outside binary64 (emax ${emax}, smallest quantum 2^${emin - m})`);
  }
  const ebitsAll = (1n << BigInt(e)) - 1n;
  let nanCode: bigint | undefined;
  if (specials === 'ieee') nanCode = m > 0 ? (ebitsAll << BigInt(m)) | (1n << BigInt(m - 1)) : undefined;
  else if (specials === 'fn') nanCode = (1n << BigInt(e + m)) - 1n;
  else if (specials === 'fnuz') nanCode = 1n << BigInt(e + m);
  return {
    p,
    bias,
    emin,
    emax,
    nbits: 1 + e + m,
    maxFinite: pow2(emax) * maxMant,
    minNormal: pow2(emin),
    minSubnormal: pow2(emin - m),
    hasInf: specials === 'ieee',
    hasNaN: nanCode !== undefined,
    hasNegZero: specials !== 'fnuz',
    nanCode,
  };
}
