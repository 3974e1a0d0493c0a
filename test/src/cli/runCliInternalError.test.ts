import { describe, expect, it, vi } from 'vitest';
import { runInProcess } from './_inProcess.js';

// its own file: the mocked action module must not leak into the other CLI tests
vi.mock('../../../src/cli/actions/cost.js', () => ({
  runCostCommand: () => {
    throw new TypeError("Cannot read properties of undefined (reading 'shape')\n    at fake (x.ts:1:1)");
  },
}));

describe('runCli: internal errors', () => {
  it('regression: an internal RangeError/TypeError is exit 1 with one line naming the command, not a usage error', async () => {
    const r = await runInProcess(['cost', '--model', 'lenet5']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("lowbit: internal error in cost: Cannot read properties of undefined (reading 'shape') at fake (x.ts:1:1) (LOWBIT_DEBUG=1 shows the stack)\n");
    const d = await runInProcess(['cost', '--model', 'lenet5'], { env: { ...process.env, LOWBIT_DEBUG: '1' } });
    expect(d.code).toBe(1);
    expect(d.stderr.split('\n')[0]).toBe("lowbit: internal error in cost: Cannot read properties of undefined (reading 'shape') at fake (x.ts:1:1)");
    expect(d.stderr).toMatch(/TypeError: Cannot read properties/);
  });
});
