import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileWat } from '../../../../scripts/compileWat.js';
import { ROUND_KERNELS_BASE64 } from '../../../../simulators/fastpath/wasm/roundKernelsBytes.js';

describe('roundKernelsBytes.ts', () => {
  it('holds the compiled roundKernels.wat (regenerate with scripts/buildWasm.ts)', async () => {
    const source = readFileSync(new URL('../../../../simulators/fastpath/wasm/roundKernels.wat', import.meta.url), 'utf8');
    const bytes = await compileWat(source);
    expect(Buffer.from(ROUND_KERNELS_BASE64, 'base64')).toEqual(Buffer.from(bytes));
  });
});
