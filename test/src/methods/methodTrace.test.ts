import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { countMultiplications, methodTrace } from '../../../src/methods/methodTrace.js';
import { QbpDense } from '../../../src/methods/qbpDense.js';
import { ByteInput } from '../../../src/methods/byteInput.js';
import { QDense } from '../../../src/layers/qDense.js';
import { methodPolicy } from '../../../src/methods/methodPolicies.js';
import { resolveLayerRoles } from '../../../src/policy/compilePolicy.js';

describe('methodTrace and countMultiplications', () => {
  it('QBP turns the weight-gradient multiplications of binary-weight layers into shifts', () => {
    const policy = methodPolicy('lin2015');
    const roles = (name: string) => resolveLayerRoles(policy, name, 'QDense');
    const build = (Cls: typeof QDense) =>
      tf.sequential({
        layers: [new Cls({ name: 'dense_1', units: 20, inputShape: [30], precision: roles('dense_1') }), new Cls({ name: 'output', units: 10, precision: roles('output') })],
      });
    const plain = build(QDense);
    const qbp = build(QbpDense);
    const before = countMultiplications(methodTrace(plain, policy, { phase: 'training' }));
    const after = countMultiplications(methodTrace(qbp, policy, { phase: 'training' }));
    // forward and error propagation: binary weights → muxes, no multiplications either way
    expect(before.forward).toEqual({ multiplications: 0, multiplierFree: 30 * 20 + 20 * 10 });
    expect(after.forward).toEqual(before.forward);
    // weight gradients x·δ: 30·20 + 20·10 float multiplications without QBP, shifts with it
    expect(before.backward.multiplications - after.backward.multiplications).toBe(30 * 20 + 20 * 10);
    expect(after.backward.multiplications).toBe(0);
    const wg = methodTrace(qbp, policy, { phase: 'training' }).layers.find((l) => l.name === 'dense_1')!.macs.find((g) => g.label === 'weight gradient')!;
    expect(wg.unit).toMatchObject({ kind: 'shift' });
    expect(wg.a.format).toEqual({ kind: 'pow2', bits: 5, span: 8 });
    plain.dispose();
    qbp.dispose();
  });

  it('ByteInput makes the first layer of a BinaryNet a mux on 8-bit integers; hidden products are XNORs', () => {
    const policy = methodPolicy('binaryNet');
    const m = tf.sequential({
      layers: [
        new ByteInput({ name: 'bytes', inputShape: [16] }),
        new QDense({ name: 'dense_1', units: 8, precision: resolveLayerRoles(policy, 'dense_1', 'QDense'), activation: 'linear' }),
        new QDense({ name: 'output', units: 4, precision: resolveLayerRoles(policy, 'output', 'QDense') }),
      ],
    });
    // without a binary activation between them, dense_1's output is float: the output layer is a mux on float data
    const t = methodTrace(m, { ...policy, rules: [...policy.rules!, { match: { name: 'dense_1' }, roles: { activation: { format: 'binary' } } }] });
    const [first, out] = [t.layers.find((l) => l.name === 'dense_1')!, t.layers.find((l) => l.name === 'output')!];
    expect(first.macs[0]!.a.format).toEqual({ kind: 'int', bits: 8 });
    expect(first.macs[0]!.unit).toMatchObject({ kind: 'mux' });
    expect(out.macs[0]!.unit).toEqual({ kind: 'xnor' });
    expect(countMultiplications(t).forward.multiplications).toBe(0);
    m.dispose();
  });
});
