import { describe, expect, it } from 'vitest';
import { compilePolicy, compileRoles, globMatch, isCompiledRoles, rolesToJSON, validatePolicy } from '../../../src/policy/compilePolicy.js';
import type { PolicySpec } from '../../../src/policy/policySpec.js';

const policy: PolicySpec = {
  default: { weight: { format: 'fixed(w=8,f=6)' }, activation: { format: 'float16' } },
  rules: [
    { match: { type: 'QConv2D' }, roles: { weight: { format: 'int4', rounding: 'sr', seed: 3 } } },
    { match: { name: 'dense_*' }, roles: { activation: null, error: { format: 'float8_e5m2' } } },
    { match: { name: 'dense_out', type: 'QDense' }, roles: { weight: { format: 'float32' } } },
  ],
};

const resolveLayerPrecision = (p: PolicySpec, name: string, type: string) => {
  const roles = compilePolicy(p).rolesFor(name, type);
  return Object.fromEntries(Object.entries(roles).filter(([, r]) => r !== null)) as typeof roles;
};

describe('precision policy', () => {
  it('matches by type, by glob and by both; later rules win per role; null clears a role', () => {
    validatePolicy(policy);
    const conv = resolveLayerPrecision(policy, 'conv_1', 'QConv2D');
    expect(conv.weight).toMatchObject({ formatText: 'fixed(w=4,f=0)', rounding: 'sr', seed: 3 });
    expect(conv.activation?.formatText).toBe('float(e=5,m=10)');
    const d1 = resolveLayerPrecision(policy, 'dense_1', 'QDense');
    expect(d1.weight?.formatText).toBe('fixed(w=8,f=6)');
    expect(d1.activation).toBeUndefined();
    expect(d1.error?.format).toMatchObject({ kind: 'float', e: 5, m: 2 });
    expect(resolveLayerPrecision(policy, 'dense_out', 'QDense').weight?.formatText).toBe('float(e=8,m=23)');
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
    [{ default: { weight: { format: 'float16', rounding: 'log' } } }, /policy.default.weight.rounding: 'log' is not available for float16; available: rne, /],
    [{ default: { gradient: { format: 'learned(init=4)' } } }, /policy.default.gradient.format: learned\(...\) applies to the roles weight, bias, activation; got role gradient/],
    [{ default: { weight: { format: 'learned(min=4,max=4)' } } }, /policy.default.weight.format: learned format "learned\(min=4,max=4\)": min and max must be integers with 1 ≤ min < max ≤ 22; got 4 and 4/],
    [{ default: { weight: { format: 'learned(bits=4)' } } }, /cannot read "bits=4"; keys: init, min, max, granularity/],
    [{ default: { weight: { format: 'learned', backward: 'clipped' } } }, /policy.default.weight.backward: a learned\(...\) format passes the gradient straight through/],
    [{ default: { weight: { format: 'learned', rounding: 'sr' } } }, /policy.default.weight.rounding: 'sr' is not available for learned; available: rne/],
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

describe('compilePolicy', () => {
  it('parses every format once: the compiled roles are shared data, cached per layer', () => {
    const c = compilePolicy(policy);
    const a = c.rolesFor('conv_1', 'QConv2D');
    expect(c.rolesFor('conv_1', 'QConv2D')).toBe(a);
    expect(a.activation).toBe(c.rolesFor('conv_9', 'Dense').activation);
    expect(isCompiledRoles(a)).toBe(true);
    expect(isCompiledRoles({ weight: { format: 'int8' } })).toBe(false);
    expect(compilePolicy(c)).toBe(c);
    // the same policy object compiles once per process; a cost-only compile reuses a tensor compile
    expect(compilePolicy(policy)).toBe(compilePolicy(policy));
    expect(validatePolicy(policy)).toBe(policy);
    expect(compilePolicy(policy, { tensors: false })).toBe(compilePolicy(policy));
  });

  it('keeps an explicit null (a what-if float32 override) and can leave the default out', () => {
    const c = compilePolicy(policy);
    expect(c.rolesFor('dense_1', 'QDense').activation).toBeNull();
    expect(c.rolesFor('input', 'InputLayer', { withDefault: false })).toEqual({});
    expect(Object.keys(c.rolesFor('conv_1', 'QConv2D', { withDefault: false }))).toEqual(['weight']);
    expect(c.empty).toBe(false);
    expect(compilePolicy({}).empty).toBe(true);
  });

  it('float32-checks tensor roles (not the accumulator) unless compiled for a cost what-if', () => {
    expect(() => compilePolicy({ default: { weight: { format: 'float64' } } })).toThrow(
      'policy.default.weight.format: float64 cannot be held exactly in float32 tensors: m = 52 > 23 stored mantissa bits',
    );
    expect(() => compilePolicy({ default: { accumulator: { format: 'dfixed(w=16)' } } })).toThrow('policy.default.accumulator.format: the accumulator format must be float or fixed');
    expect(compilePolicy({ default: { accumulator: { format: 'int32' }, weight: { format: 'float64' } } }, { tensors: false }).tensors).toBe(false);
    expect(compilePolicy({ default: { accumulator: { format: 'int32' } } }).rolesFor('x', 'QDense').accumulator?.formatText).toBe('fixed(w=32,f=0)');
  });

  it('parses learned(...) formats with defaults and writes them back canonically', () => {
    const r = compileRoles({ weight: { format: 'learned(init=6, granularity=channel)' }, activation: { format: 'learned' } });
    expect(r.weight?.format).toEqual({ kind: 'learned', init: 6, min: 2, max: 16, granularity: 'channel' });
    expect(rolesToJSON(r)).toEqual({
      weight: { format: 'learned(init=6,min=2,max=16,granularity=channel)' },
      activation: { format: 'learned(init=8,min=2,max=16,granularity=tensor)' },
    });
  });
});
