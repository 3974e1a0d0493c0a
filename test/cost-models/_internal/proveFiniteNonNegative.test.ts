import { describe, expect, it } from 'vitest';
import { proveFiniteNonNegative, MAX_BOXES } from '../../../cost-models/_internal/proveFiniteNonNegative.js';

describe('proveFiniteNonNegative', () => {
  it('proves formulas whose naive enclosure straddles 0 by splitting the box', () => {
    // (b − 4)² − 0.5·b + 3 has its minimum 0.9375 at b = 4.25; one interval over [1, 256] says it may be negative
    const r = proveFiniteNonNegative((A, s) => A.add(A.sub(A.pow(A.sub(s.b!, A.c(4)), A.c(2)), A.mul(A.c(0.5), s.b!)), A.c(3)), { b: [1, 256] });
    expect(r.ok).toBe(true);
    expect(r.boxes).toBeGreaterThan(1);
  });

  it('finds a witness point for a negative value, and a pole', () => {
    const neg = proveFiniteNonNegative((A, s) => A.sub(s.b!, A.c(2)), { b: [1, 8] });
    expect(neg).toMatchObject({ ok: false, at: { b: 1 }, value: -1 });
    const pole = proveFiniteNonNegative((A, s) => A.div(A.c(1), A.abs(A.sub(s.c!, A.c(1000)))), { c: [1, 2 ** 53] });
    expect(pole).toMatchObject({ ok: false, at: { c: 1000 }, value: Infinity });
  });

  it('gives up with a region after MAX_BOXES pieces instead of running on', () => {
    // x − x + tiny is ≥ 0 everywhere, but its enclosure straddles 0 on every box (the dependency problem)
    const r = proveFiniteNonNegative((A, s) => A.add(A.sub(s.b!, s.b!), A.c(1e-300)), { b: [1, 256] });
    expect(r.ok).toBe(false);
    expect(r.boxes).toBeLessThanOrEqual(MAX_BOXES);
    expect('region' in r).toBe(true);
  });
});
