import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { applyPolicy } from '../../../src/policy/applyPolicy.js';
import { compilePolicy, resolveLayerRoles, validatePolicy } from '../../../src/policy/compilePolicy.js';
import type { ValueQuantizer } from '../../../src/quantizers/valueQuantizer.js';
import type { PolicySpec } from '../../../src/policy/policySpec.js';
import { QDense } from '../../../src/layers/qDense.js';
import { BatchNorm } from '../../../src/layers/batchNorm.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const policy: PolicySpec = {
  default: { weight: { format: 'dfixed(w=10)' }, activation: { format: 'float16', backward: 'clipped' } },
  rules: [
    { match: { type: 'BatchNorm' }, roles: { weight: null, bias: { format: 'bfloat16' } } },
    { match: { name: 'out*' }, roles: { activation: null, update: { format: 'dfixed(w=12)' } } },
  ],
};

describe('resolveLayerRoles', () => {
  it('merges default and matching rules as canonical JSON; null removes a role', () => {
    const dfx10 = { format: 'dfixed(w=10,f=4)' };
    const f16 = { format: 'float(e=5,m=10)', backward: 'clipped' };
    expect(resolveLayerRoles(policy, 'dense_1', 'QDense')).toEqual({ weight: dfx10, activation: f16 });
    expect(resolveLayerRoles(policy, 'bn_1', 'BatchNorm')).toEqual({ activation: f16, bias: { format: 'float(e=8,m=7)' } });
    expect(resolveLayerRoles(policy, 'output', 'QDense')).toEqual({ weight: dfx10, update: { format: 'dfixed(w=12,f=6)' } });
  });
  it('parses the backward estimator of forward roles (identity by default)', () => {
    const roles = compilePolicy(policy).rolesFor('dense_1', 'QDense');
    expect(roles.activation?.backward).toEqual({ kind: 'clipped' });
    expect(roles.weight?.backward).toEqual({ kind: 'identity' });
  });
  it('validates backward: only on weight, bias, activation; known estimators only', () => {
    expect(() => validatePolicy({ default: { error: { format: 'int8', backward: 'clipped' } } })).toThrow(
      'policy.default.error.backward: only the roles weight, bias, activation have an estimator',
    );
    expect(() => validatePolicy({ default: { weight: { format: 'int8', backward: 'ste' } } })).toThrow(
      'policy.default.weight.backward: unknown estimator "ste"',
    );
    expect(validatePolicy({ default: { weight: { format: 'binary', backward: 'swishSign(beta=3)' } } })).toBeTruthy();
  });
});

describe('applyPolicy', () => {
  it('sets each lowbit layer from the rules matching its name and class, and reports it', () => {
    const model = tf.sequential({
      layers: [
        new QDense({ units: 3, inputShape: [2], name: 'dense_1' }),
        new BatchNorm({ name: 'bn_1' }),
        tf.layers.dense({ units: 2, name: 'plain' }),
        new QDense({ units: 2, name: 'output' }),
      ],
    });
    const report = applyPolicy(model, policy, { seed: 3 });
    expect(report).toEqual([
      { layer: 'dense_1', type: 'QDense', roles: ['weight', 'activation'] },
      { layer: 'bn_1', type: 'BatchNorm', roles: ['bias', 'activation'] },
      { layer: 'output', type: 'QDense', roles: ['weight', 'update'] },
    ]);
    const d1 = model.getLayer('dense_1') as QDense;
    expect((d1.quant.quantizer('weight') as ValueQuantizer).dynamic).toBeDefined();
    expect(d1.quant.quantizer('error')).toBeUndefined();
    // the forward pass now uses the policy: the weights it multiplies by are on the dfixed(w=10, f=4) grid
    const x = tf.tensor2d([[1, 0]]);
    const y = (model.getLayer('dense_1').apply(x) as tf.Tensor).dataSync();
    const w = (model.getLayer('dense_1').getWeights()[0]!.dataSync() as Float32Array).slice(0, 3);
    expect(Array.from(y)).toEqual(Array.from(w).map((v) => Math.fround(Math.round(v * 16) / 16)));
    tf.dispose(x);
    model.dispose();
  });
  it('rejects an invalid policy with the JSON path', () => {
    const model = tf.sequential({ layers: [new QDense({ units: 1, inputShape: [1] })] });
    expect(() => applyPolicy(model, { default: { weight: { format: 'nope' } } })).toThrow(/policy.default.weight.format: format "nope"/);
    model.dispose();
  });
});
