import { describe, expect, it } from 'vitest';
import { LOWBIT_LAYER_COSTS, lowbitLayerCost } from '../../../src/profiler/lowbitLayerCosts.js';
import { LOWBIT_LAYERS } from '../../../src/layers/registerLayers.js';

describe('LOWBIT_LAYER_COSTS: the tfjs-free cost table of lowbit layers', () => {
  it('lists exactly the classes of LOWBIT_LAYERS, each with the handler LOWBIT_LAYERS uses', () => {
    expect([...LOWBIT_LAYER_COSTS.keys()].sort()).toEqual(LOWBIT_LAYERS.map((e) => e.layer.className).sort());
    for (const e of LOWBIT_LAYERS) expect(LOWBIT_LAYER_COSTS.get(e.layer.className)).toBe(e.cost);
  });

  it('names the class and the table when a handler is missing', () => {
    expect(() => lowbitLayerCost('QNoSuchLayer')).toThrow('lowbit layer QNoSuchLayer has no cost handler: add it to LOWBIT_LAYER_COSTS (src/profiler/lowbitLayerCosts.ts)');
  });
});
