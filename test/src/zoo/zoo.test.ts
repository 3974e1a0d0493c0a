import { describe, expect, it } from 'vitest';
import { costReport } from '../../../cost-models/costReport.js';
import { horowitz45nm } from '../../../cost-models/horowitz45nm.js';
import { profileModel } from '../../../src/profiler/profileModel.js';
import { isZooModel, zooModel, ZOO_MODEL_NAMES } from '../../../src/zoo/zoo.js';

const totals = (name: string) => costReport(profileModel(zooModel(name)), horowitz45nm).totals;
const within = (x: number, target: number, rel: number) => expect(Math.abs(x - target) / target).toBeLessThanOrEqual(rel);

describe('zoo: counts against published figures', () => {
  it('vgg16: 138,357,544 params (Keras / torchvision; Sze et al., Proc. IEEE 2017, Table 4: 138M), ≈15.5 GMACs (Sze et al.: 15.5G MACs)', () => {
    const t = totals('vgg16');
    expect(t.params).toBe(138_357_544);
    within(t.macs, 15.5e9, 0.01);
  });

  it('resnet18: 11,689,512 params (torchvision), ≈1.8 GMACs (He et al. 2016, Table 1: 1.8×10⁹ FLOPs, counted as multiply-adds)', () => {
    const t = totals('resnet18');
    expect(t.params).toBe(11_689_512);
    within(t.macs, 1.8e9, 0.01);
  });

  it('mobilenetv2: ≈3.5M params and ≈300M MACs (Sandler et al. 2018, Table 4: 3.4M params, 300M MACs; torchvision 3,504,872)', () => {
    const t = totals('mobilenetv2');
    expect(t.params).toBe(3_504_872);
    within(t.params, 3.5e6, 0.01);
    within(t.macs, 300e6, 0.01);
  });

  it('alexnet: ≈61M params and ≈0.72 GMACs (Sze et al., Proc. IEEE 2017, Table 4: 61M weights, 724M MACs; Krizhevsky et al.: "60 million parameters")', () => {
    const t = totals('alexnet');
    within(t.params, 61e6, 0.01);
    within(t.macs, 0.72e9, 0.01);
  });

  it('resnet20-cifar: ≈0.27M params (He et al. 2016, Table 6); MACs by layer', () => {
    const t = totals('resnet20-cifar');
    within(t.params, 0.27e6, 0.01);
    const conv = (hw: number, cout: number, fanIn: number) => hw * hw * cout * fanIn;
    const stage1 = 6 * conv(32, 16, 144);
    const stage2 = conv(16, 32, 144) + 5 * conv(16, 32, 288) + conv(16, 32, 16);
    const stage3 = conv(8, 64, 288) + 5 * conv(8, 64, 576) + conv(8, 64, 32);
    expect(t.macs).toBe(conv(32, 16, 27) + stage1 + stage2 + stage3 + 640);
  });

  it('the small nets match their layer-by-layer arithmetic', () => {
    // LeNet-5 (full C3): C1 156, C3 2,416, C5 48,120, F6 10,164, output 850
    expect(totals('lenet5')).toMatchObject({ params: 156 + 2416 + 48120 + 10164 + 850, macs: 28 * 28 * 6 * 25 + 10 * 10 * 16 * 150 + 120 * 400 + 120 * 84 + 84 * 10 });
    // 784 → 1200 (maxout 240×5) → 1200 (maxout) → 10
    expect(totals('mlp-pimnist')).toMatchObject({ params: 785 * 1200 + 241 * 1200 + 241 * 10, macs: 784 * 1200 + 240 * 1200 + 240 * 10 });
    // 784 → 3×4096 → 10, batch norm (gamma, beta) after each dense layer
    expect(totals('binarynet-mlp').params).toBe(785 * 4096 + 2 * 4097 * 4096 + 4097 * 10 + 2 * (3 * 4096 + 10));
    const convs = [3 * 128, 128 * 128, 128 * 256, 256 * 256, 256 * 512, 512 * 512].reduce((s, x) => s + 9 * x, 0);
    expect(totals('binarynet-cifar').params).toBe(convs + 2 * (128 + 256 + 512) + 8193 * 1024 + 1025 * 1024 + 1025 * 10 + 2 * (2 * (128 + 256 + 512) + 2048 + 10));
  });

  it('every model profiles in both phases, and names are checked', () => {
    expect(ZOO_MODEL_NAMES).toEqual(['lenet5', 'mlp-pimnist', 'binarynet-mlp', 'binarynet-cifar', 'alexnet', 'vgg16', 'resnet18', 'resnet20-cifar', 'mobilenetv2']);
    for (const name of ZOO_MODEL_NAMES) {
      const inf = costReport(profileModel(zooModel(name)), horowitz45nm).totals;
      const tr = costReport(profileModel(zooModel(name), { phase: 'training' }), horowitz45nm).totals;
      expect(tr.energyPj).toBeGreaterThan(inf.energyPj);
      expect(tr.macs).toBeGreaterThan(2 * inf.macs * 0.99);
    }
    expect(isZooModel('vgg16')).toBe(true);
    expect(isZooModel('toString')).toBe(false);
    expect(() => zooModel('vgg19')).toThrow('zooModel: unknown model "vgg19"; known: lenet5, mlp-pimnist, binarynet-mlp, binarynet-cifar, alexnet, vgg16, resnet18, resnet20-cifar, mobilenetv2');
  });
});
