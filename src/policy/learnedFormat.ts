/**
 * A learned bitlength as a role format (BitPruning, Nikolić et al. 2020, arXiv:2002.03090; lowbit's
 * reconstruction in docs/shift-and-bitpruning.md): the tensor is rounded onto a uniform grid of 2^n levels over its
 * own range, and n is a trainable real number (one per tensor, or one per channel of the tensor's last axis).
 *
 * Spec string: `learned(init=8,min=2,max=16,granularity=tensor)`; every key is optional (defaults shown).
 * `min` and `max` are integers with 1 ≤ min < max ≤ 22 (float32 holds the 2^22-level grid exactly); `init` is a
 * number in [min, max]; `granularity` is `tensor` (one n) or `channel` (one n per channel of the last axis).
 * Not a simulator format: the grid's step follows the tensor's range, so it lives in the policy, not in
 * `simulators/formats` (the quantizer is `learnedBitQuantize`).
 * @example parseLearnedFormat('learned(init=6,granularity=channel)') // { kind: 'learned', init: 6, min: 2, max: 16, granularity: 'channel' }
 */
export interface LearnedFormatSpec {
  readonly kind: 'learned';
  readonly init: number;
  readonly min: number;
  readonly max: number;
  readonly granularity: LearnedGranularity;
}

/**
 * One bitlength per tensor, or one per channel of its last axis.
 * @example
 * parseLearnedFormat('learned(granularity=channel)')?.granularity // 'channel'
 */
export type LearnedGranularity = 'tensor' | 'channel';

/**
 * The granularities, in documentation order.
 * @example
 * LEARNED_GRANULARITIES // ['tensor', 'channel']
 */
export const LEARNED_GRANULARITIES: readonly LearnedGranularity[] = ['tensor', 'channel'];

/**
 * Largest learned bitlength: float32 holds integers up to 2^24 exactly and the grid needs 2^n levels (AQT's bits ≤ 22).
 * @example
 * parseLearnedFormat(`learned(max=${MAX_LEARNED_BITS})`)
 */
export const MAX_LEARNED_BITS = 22;

const KEYS = ['init', 'min', 'max', 'granularity'];

/**
 * Parses `learned(...)`; returns undefined for any other text (a simulator format).
 * @throws RangeError for a malformed `learned(...)`, naming the key, the value and what is allowed.
 * @example
 * parseLearnedFormat('learned(init=8,min=2,max=16)') // { kind: 'learned', init: 8, min: 2, max: 16, granularity: 'tensor' }
 * parseLearnedFormat('int8') // undefined: not a learned format
 */
export function parseLearnedFormat(text: string): LearnedFormatSpec | undefined {
  const m = /^\s*learned\s*(?:\((.*)\))?\s*$/.exec(text);
  if (!m) return undefined;
  const given = new Map<string, string>();
  for (const part of (m[1] ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const kv = /^([a-z]+)\s*=\s*(\S+)$/.exec(part);
    if (!kv || !KEYS.includes(kv[1]!)) throw new RangeError(`learned format ${JSON.stringify(text)}: cannot read ${JSON.stringify(part)}; keys: ${KEYS.join(', ')}`);
    if (given.has(kv[1]!)) throw new RangeError(`learned format ${JSON.stringify(text)}: ${kv[1]} given twice`);
    given.set(kv[1]!, kv[2]!);
  }
  const num = (k: string, d: number) => (given.has(k) ? Number(given.get(k)) : d);
  const spec: LearnedFormatSpec = {
    kind: 'learned',
    init: num('init', 8),
    min: num('min', 2),
    max: num('max', 16),
    granularity: (given.get('granularity') ?? 'tensor') as LearnedGranularity,
  };
  checkLearnedFormat(spec, `learned format ${JSON.stringify(text)}`);
  return spec;
}

/** Checks the fields of a learned format. @throws RangeError naming the field. */
export function checkLearnedFormat(s: LearnedFormatSpec, where: string): void {
  if (!Number.isInteger(s.min) || !Number.isInteger(s.max) || s.min < 1 || s.max > MAX_LEARNED_BITS || s.max <= s.min) {
    throw new RangeError(`${where}: min and max must be integers with 1 ≤ min < max ≤ ${MAX_LEARNED_BITS}; got ${s.min} and ${s.max}`);
  }
  if (!(s.init >= s.min && s.init <= s.max)) throw new RangeError(`${where}: init must be a number in [min, max] = [${s.min}, ${s.max}]; got ${s.init}`);
  if (!LEARNED_GRANULARITIES.includes(s.granularity)) {
    throw new RangeError(`${where}: granularity must be one of ${LEARNED_GRANULARITIES.join(', ')}; got ${JSON.stringify(s.granularity)}`);
  }
}

/**
 * The canonical text of a learned format (every key written), which `parseLearnedFormat` reads back.
 * @example
 * learnedFormatToString(parseLearnedFormat('learned')!) // 'learned(init=8,min=2,max=16,granularity=tensor)'
 */
export function learnedFormatToString(s: LearnedFormatSpec): string {
  return `learned(init=${s.init},min=${s.min},max=${s.max},granularity=${s.granularity})`;
}
