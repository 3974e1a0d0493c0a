import type { FormatSpec } from '../../../simulators/formats/formatSpec.js';
import { handlerFor } from '../../../simulators/registry.js';
import { specialCodes } from '../specialCodes.js';

/**
 * Where a block's elements should land after scaling, in element units (x / divisor): every value of the element
 * format, the midpoints between neighbours (exact ties) and the codes of the input format just off them
 * (near-ties), the quarter points (which tell rtz, raz and rto apart), half and a quarter of the smallest nonzero
 * element (ties to zero, subnormal elements) and points beyond the largest element (saturation).
 */
export interface ElementTarget {
  /** A non-negative magnitude in element units. */
  t: number;
  /** Input-format codes to move by after scaling: −1 or +1 make a near-tie (or a near-value), 0 keeps it. */
  nudge: number;
}

/**
 * The targets of an element format (a block format's `elementSpec`). Formats of 16 bits or fewer are swept over
 * every pair of neighbouring values; wider ones over the neighbours of their special codes.
 * @example elementTargets(parseFormat('float4_e2m1fn')).some((x) => x.t === 2.5) // true: the tie between 2 and 3
 */
export function elementTargets(E: FormatSpec): ElementTarget[] {
  const pairs = neighbourPairs(E);
  const out: ElementTarget[] = [];
  for (const [g, h] of pairs) {
    out.push({ t: g, nudge: 0 }, { t: g, nudge: 1 });
    const mid = (g + h) / 2;
    out.push({ t: mid, nudge: 0 }, { t: mid, nudge: -1 }, { t: mid, nudge: 1 });
    out.push({ t: (3 * g + h) / 4, nudge: 0 }, { t: (g + 3 * h) / 4, nudge: 0 });
    if (g === 0) out.push({ t: h / 8, nudge: 0 });
  }
  const last = pairs.at(-1);
  // a format with one magnitude (binary ±S): that magnitude, and below and above it
  if (!last) return [0.25, 0.5, 1, 1.5, 2].map((k) => ({ t: k * onlyMagnitude(E), nudge: 0 }));
  {
    const [g, top] = last;
    const gap = top - g;
    out.push({ t: top, nudge: 0 }, { t: top, nudge: -1 });
    for (const k of [0.25, 0.5, 0.75, 1]) out.push({ t: top + k * gap, nudge: 0 });
  }
  return out;
}

function onlyMagnitude(E: FormatSpec): number {
  const h = handlerFor(E);
  return Math.abs(h.decode(E, 0n)) || Math.abs(h.decode(E, 1n)) || 1;
}

/** Consecutive non-negative values (g, next value above g) of the format. */
function neighbourPairs(E: FormatSpec): Array<[number, number]> {
  const h = handlerFor(E);
  const bits = h.bits(E);
  if (bits <= 16) {
    const vals = new Set<number>();
    for (let c = 0; c < 2 ** bits; c++) {
      let x: number;
      try {
        x = h.decode(E, BigInt(c));
      } catch {
        continue;
      }
      if (Number.isFinite(x) && x >= 0 && h.isValue(E, x)) vals.add(x === 0 ? 0 : x);
    }
    const sorted = [...vals].sort((a, b) => a - b);
    return sorted.slice(1).map((x, i) => [sorted[i]!, x]);
  }
  if (E.kind !== 'float' && E.kind !== 'fixed') throw new RangeError(`block tests: element format of kind '${E.kind}' with ${bits} bits is not supported`);
  const out: Array<[number, number]> = [];
  for (const c of specialCodes(E, true)) {
    const g = h.decode(E, c);
    const n = h.decode(E, c + 1n);
    if (Number.isFinite(g) && Number.isFinite(n) && g >= 0 && n > g) out.push([g, n]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}
