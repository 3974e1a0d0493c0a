import type { FormatSpec } from '../../simulators/formats/formatSpec.js';
import { formatToString, parseFormat } from '../../simulators/formats/parseFormat.js';
import { learnedFormatToString, parseLearnedFormat, type LearnedFormatSpec } from './learnedFormat.js';

/**
 * The format of one policy role: a simulator number format (`FormatSpec`, simulators/formats) or a learned
 * bitlength (`LearnedFormatSpec`). Kinds do not collide: a learned format has `kind: 'learned'`.
 * @example
 * parseRoleFormat('learned(init=8)', 'policy.default.weight.format') // a LearnedFormatSpec
 * parseRoleFormat('int8', 'policy.default.weight.format') // a FormatSpec
 */
export type RoleFormatSpec = FormatSpec | LearnedFormatSpec;

/** Type guard for a learned bitlength. */
export function isLearnedFormat(f: RoleFormatSpec): f is LearnedFormatSpec {
  return f.kind === 'learned';
}

/**
 * Parses a role's format string: `learned(...)` (`parseLearnedFormat`), else a simulator format or preset
 * (`parseFormat`).
 * @throws RangeError naming `where` and the problem.
 * @example parseRoleFormat('int8', 'policy.default.weight.format') // { kind: 'fixed', … }
 */
export function parseRoleFormat(text: unknown, where: string): RoleFormatSpec {
  if (typeof text !== 'string') throw new RangeError(`${where}: must be a format spec string; got ${JSON.stringify(text)}`);
  try {
    return parseLearnedFormat(text) ?? parseFormat(text);
  } catch (e) {
    throw new RangeError(`${where}: ${(e as Error).message}`);
  }
}

/**
 * Canonical text of a role format (`float(e=4,m=3,specials=fn)`, `learned(init=8,…)`), read back by `parseRoleFormat`.
 * @example
 * roleFormatToString(parseRoleFormat('bfloat16', 'format')) // 'float(e=8,m=7)'
 */
export function roleFormatToString(f: RoleFormatSpec): string {
  return isLearnedFormat(f) ? learnedFormatToString(f) : formatToString(f);
}
