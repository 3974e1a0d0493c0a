import { describe, expect, it } from 'vitest';
import { COST_MODEL_IDS, getCostModel } from '../../cost-models/costModelRegistry.js';
import { horowitz45nm } from '../../cost-models/horowitz45nm.js';

describe('getCostModel', () => {
  it('finds the built-in models by id', () => {
    expect(COST_MODEL_IDS).toEqual(['horowitz45nm', 'qtools']);
    expect(getCostModel('horowitz45nm')).toBe(horowitz45nm);
    expect(getCostModel('qtools').sramTable).toMatch(/QKeras settings\.py fit/);
  });

  it('rejects an unknown id, listing the known ones', () => {
    expect(() => getCostModel('tsmc7')).toThrow('getCostModel: unknown cost model "tsmc7"; known: horowitz45nm, qtools (or a JSON file of expressions)');
    expect(() => getCostModel('constructor')).toThrow(/unknown cost model "constructor"/);
  });
});
