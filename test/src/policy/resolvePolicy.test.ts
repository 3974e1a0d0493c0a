import { describe, expect, it } from 'vitest';
import { globMatch, resolveLayerPrecision, validatePolicy } from '../../../src/policy/resolvePolicy.js';
import type { PolicySpec } from '../../../src/policy/policySpec.js';

const policy: PolicySpec = {
  default: { weight: { format: 'fixed(w=8,f=6)' }, activation: { format: 'float16' } },
  rules: [
    { match: { type: 'QConv2D' }, roles: { weight: { format: 'int4', rounding: 'sr', seed: 3 } } },
    { match: { name: 'dense_*' }, roles: { activation: null, error: { format: 'float8_e5m2' } } },
    { match: { name: 'dense_out', type: 'QDense' }, roles: { weight: { format: 'float32' } } },
  ],
};

describe('precision policy', () => {
  it('matches by type, by glob and by both; later rules win per role; null clears a role', () => {
    validatePolicy(policy);
    const conv = resolveLayerPrecision(policy, 'conv_1', 'QConv2D');
    expect(conv.weight).toMatchObject({ formatText: 'int4', rounding: 'sr', seed: 3 });
    expect(conv.activation?.formatText).toBe('float16');
    const d1 = resolveLayerPrecision(policy, 'dense_1', 'QDense');
    expect(d1.weight?.formatText).toBe('fixed(w=8,f=6)');
    expect(d1.activation).toBeUndefined();
    expect(d1.error?.format).toMatchObject({ kind: 'float', e: 5, m: 2 });
    expect(resolveLayerPrecision(policy, 'dense_out', 'QDense').weight?.formatText).toBe('float32');
    expect(resolveLayerPrecision(policy, 'dense_out', 'Dense').weight?.formatText).toBe('fixed(w=8,f=6)');
    expect(resolveLayerPrecision({}, 'x', 'Dense')).toEqual({});
  });
  it('globs match whole names only', () => {
    expect(globMatch('dense_*', 'dense_12')).toBe(true);
    expect(globMatch('dense_?', 'dense_12')).toBe(false);
    expect(globMatch('a.b', 'aXb')).toBe(false);
  });
  it.each([
    [{ defaults: {} }, /policy.defaults: unknown key; allowed: default, rules/],
    [{ default: { wieght: { format: 'int8' } } }, /policy.default.wieght: unknown key; allowed: weight, bias/],
    [{ default: { weight: { format: 'int9x' } } }, /policy.default.weight.format: format "int9x"/],
    [{ default: { weight: { format: 'int8', rounding: 'up' } } }, /policy.default.weight: rounding must be one of/],
    [{ default: { weight: { format: 'int8', seed: 1.5 } } }, /policy.default.weight.seed: must be an integer; got 1.5/],
    [{ rules: [{ match: {}, roles: {} }] }, /policy.rules\[0\].match: needs 'name' or 'type'/],
    [{ rules: [{ match: { name: 1 }, roles: {} }] }, /policy.rules\[0\].match.name: must be a string; got 1/],
    [{ rules: {} }, /policy.rules: must be an array/],
    [[], /policy: must be an object; got \[\]/],
  ])('rejects %j', (bad, re) => {
    expect(() => validatePolicy(bad)).toThrow(re);
  });
});
