import { quantizeBlocks } from '../../../simulators/blockQuantize.js';
import { floatLayout } from '../../../simulators/formats/floatLayout.js';
import type { FloatSpec } from '../../../simulators/formats/formatSpec.js';
import type { MxSpec } from '../../../simulators/formats/mxFamily.js';
import { handlerFor } from '../../../simulators/registry.js';
import { FLAG_O } from '../../../simulators/_internal/flags.js';
import { floorLog2 } from '../../../simulators/_internal/bits.js';
import type { BlockCase } from '../../../src/testing/blockCaseLine.js';
import type { BlockTestOp } from '../../../src/testing/blockTestOp.js';
import { tensorScaleOf } from '../../../src/testing/_block/blockScales.js';
import { qOf } from '../../../src/testing/_internal/rational.js';

/**
 * The tags of ../shared/vectors/README.md ("Block-scaled formats") that a generated case exercises, computed from
 * its inputs and lowbit's results: which corners of the scale rule and of the element rounding it reaches. Used to
 * show that level 1 covers every kind of oracle vector.
 */
type Q = { n: bigint; d: bigint };
const cmp = (a: Q, b: Q) => {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
};
const sub = (a: Q, b: Q): Q => ({ n: a.n * b.d - b.n * a.d, d: a.d * b.d });
const abs = (x: number): Q => qOf(Math.abs(x));

const UE4M3: FloatSpec = { kind: 'float', e: 4, m: 3, subnormals: 'on', specials: 'fn', overflow: 'saturate' };

export function blockTags(bt: BlockTestOp, c: BlockCase): Set<string> {
  const tags = new Set<string>();
  const from = bt.from;
  const h = handlerFor(from);
  const xs = c.inputs.map((code) => h.decode(from, code));
  const n = xs.length;
  const K = bt.K!;
  if (n % K !== 0) tags.add('short_last_block');
  if (n > K) tags.add('multi_block');
  if (xs.some((x) => Object.is(x, -0))) tags.add('neg_zero');
  if (xs.some(Number.isNaN)) tags.add('nan');
  if (xs.some((x) => x === Infinity || x === -Infinity)) tags.add('inf');
  const xsAll = c.inputs.map((code) => ({ kind: 'code' as const, format: from, code }));
  const lo = quantizeBlocks(bt.spec, xsAll, { rounding: 'rtz' });
  const hi = quantizeBlocks(bt.spec, xsAll, { rounding: 'raz' });
  const E = bt.ops.elementSpec(bt.spec);
  for (let b = 0; b * K < n; b++) {
    const block = xs.slice(b * K, (b + 1) * K);
    if (block.every((x) => x === 0)) tags.add('zero_block');
    if (block.some((x) => !Number.isFinite(x))) continue;
    const amax = Math.max(...block.map(Math.abs));
    if (bt.spec.kind === 'mx' && amax > 0) mxScaleTags(bt, amax, from, tags);
    for (let i = b * K; i < Math.min(n, (b + 1) * K); i++) {
      const code = c.result.codes[i]!;
      if (E.kind === 'float' && (code & (((1n << BigInt(E.e)) - 1n) << BigInt(E.m))) === 0n && (code & ((1n << BigInt(E.m)) - 1n)) !== 0n) tags.add('subnormal_elem');
      if (c.result.flags[i]! & FLAG_O) tags.add('saturate');
      const vl = lo.values[i]!;
      const vh = hi.values[i]!;
      if (vl === vh || !Number.isFinite(vl)) continue;
      // x − lo against hi − x, exactly; a near-tie is within 2^−16 of the midpoint, relative to the gap
      const down = sub(abs(xs[i]!), abs(vl));
      const gap = sub(abs(vh), abs(vl));
      const off = sub({ n: 2n * down.n, d: down.d }, gap);
      if (off.n === 0n) tags.add('tie');
      else if (cmp({ n: (off.n < 0n ? -off.n : off.n) << 16n, d: off.d }, gap) < 0) tags.add('near_tie');
    }
  }
  if (bt.spec.kind === 'nvfp4' && xs.every(Number.isFinite)) nvfp4Tags(bt, xs, c, tags);
  return tags;
}

function mxScaleTags(bt: BlockTestOp, amax: number, from: FloatSpec, tags: Set<string>): void {
  const elem = (bt.spec as MxSpec).elem;
  const emax = elem.kind === 'float' ? floatLayout(elem).emax : 0;
  const e = floorLog2(amax) - emax;
  if (e < -127) tags.add('scale_clamp_low');
  if (e === -127) tags.add('e8m0_min');
  if (e === 127) tags.add('e8m0_max');
  if (e > 127) tags.add('scale_overflow');
  const L = floatLayout(from);
  const frac = amax / 2 ** floorLog2(amax) - 1; // in [0, 1)
  if (frac === 0) tags.add('pow2_amax');
  else if (frac === 2 ** (1 - L.p) && floorLog2(amax) >= L.emin) tags.add('amax_above_pow2');
  else if (frac === 1 - 2 ** (1 - L.p) && floorLog2(amax) >= L.emin) tags.add('amax_below_pow2');
}

function nvfp4Tags(bt: BlockTestOp, xs: number[], c: BlockCase, tags: Set<string>): void {
  const T = Math.max(...xs.map(Math.abs));
  const st = tensorScaleOf(bt, xs);
  if (T > 0 && (T / 2688 > 3.4028234663852886e38 || st === 2 ** -149)) tags.add('tensor_scale_clamp');
  if (st < 2 ** -126) tags.add('tensor_scale_subnormal');
  const hS = handlerFor(UE4M3);
  const K = bt.K!;
  for (let b = 0; b * K < xs.length; b++) {
    const amax = Math.max(...xs.slice(b * K, (b + 1) * K).map(Math.abs));
    const sb = c.result.scales[b]!;
    if (amax > 0 && sb === 0) tags.add('scale_zero');
    if (sb > 0 && sb < 2 ** -6) tags.add('scale_subnormal');
    const r = amax / (6 * st);
    const dn = hS.round(UE4M3, r, 'rtz', 0).value;
    const up = hS.round(UE4M3, r, 'raz', 0).value;
    if (dn !== up && Number.isFinite(r) && cmp(sub(abs(amax), abs(6 * st * dn)), sub(abs(6 * st * up), abs(amax))) === 0) tags.add('scale_tie');
  }
}
