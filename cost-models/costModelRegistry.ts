import type { EnergyModel } from './energyModel.js';
import { horowitz45nm } from './horowitz45nm.js';
import { qtools } from './qtools.js';

/**
 * The built-in energy models, by id (one explicit list).
 * @example
 * costReport(trace, COST_MODELS.qtools) // same as costReport(trace, qtools)
 */
export const COST_MODELS: Readonly<Record<string, EnergyModel>> = registry([horowitz45nm, qtools]);

/**
 * Ids of the built-in models, in listing order.
 * @example
 * COST_MODEL_IDS // ['horowitz45nm', 'qtools']
 */
export const COST_MODEL_IDS: readonly string[] = Object.keys(COST_MODELS);

/**
 * A built-in energy model by id.
 * @throws RangeError for an unknown id, listing the known ones.
 * @example getCostModel('horowitz45nm').intAddPj(numberArith, 8) // 0.03
 */
export function getCostModel(id: string): EnergyModel {
  const m = Object.hasOwn(COST_MODELS, id) ? COST_MODELS[id] : undefined;
  if (!m) throw new RangeError(`getCostModel: unknown cost model ${JSON.stringify(id)}; known: ${COST_MODEL_IDS.join(', ')} (or a JSON file of expressions)`);
  return m;
}

function registry(models: EnergyModel[]): Record<string, EnergyModel> {
  const out: Record<string, EnergyModel> = {};
  for (const m of models) {
    if (out[m.id]) throw new Error(`cost model registry: duplicate id ${m.id}`);
    out[m.id] = m;
  }
  return out;
}
