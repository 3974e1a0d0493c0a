/**
 * A code as `0x` + lower-case hex, ceil(bits/4) digits (the CLI's `--output code` and `lowbit format`).
 * @example codeHex(0x7en, 8) // '0x7e'
 */
export function codeHex(code: bigint, bits: number): string {
  return '0x' + code.toString(16).padStart(Math.ceil(bits / 4), '0');
}
