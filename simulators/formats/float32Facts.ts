/**
 * IEEE 754 binary32 limits used by the families' float32 checks: 24 significant bits, largest finite
 * 2^127·(2 − 2^−23), smallest subnormal 2^−149.
 */
export const F32 = { sigBits: 24, minExp: -149, max: 3.4028234663852886e38 } as const;
