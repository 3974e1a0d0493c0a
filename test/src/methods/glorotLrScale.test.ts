import { describe, expect, it } from 'vitest';
import { glorotLrScale } from '../../../src/methods/glorotLrScale.js';

describe('glorotLrScale', () => {
  it('is 1/√(1.5/(fan_in + fan_out)) for dense kernels', () => {
    expect(glorotLrScale([784, 1024])).toBeCloseTo(Math.sqrt(1808 / 1.5), 12);
    expect(glorotLrScale([1, 2])).toBeCloseTo(Math.sqrt(2), 12);
  });

  it('uses kh·kw·cin and kh·kw·cout for conv kernels', () => {
    expect(glorotLrScale([3, 3, 128, 256])).toBeCloseTo(Math.sqrt((9 * 128 + 9 * 256) / 1.5), 10);
  });

  it('throws on bad shapes', () => {
    for (const bad of [[10], [3, 3, 3], [0, 4], [2.5, 3], 'x']) {
      expect(() => glorotLrScale(bad as number[])).toThrow(/glorotLrScale: kernelShape must be \[in, out\] or \[kh, kw, cin, cout\] with integers ≥ 1; got /);
    }
  });
});
