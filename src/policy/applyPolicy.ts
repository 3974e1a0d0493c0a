import type * as tf from '@tensorflow/tfjs';
import { isQuantizedLayer } from '../layers/quantizedLayer.js';
import type { DfixedOptions } from '../quantizers/valueQuantizer.js';
import { deriveSeed } from '../quantizers/deriveSeed.js';
import type { PolicySpec } from './policySpec.js';
import { compilePolicy, rolesToJSON, type CompiledPolicy } from './compilePolicy.js';

/**
 * Options of `applyPolicy`.
 * @example
 * applyPolicy(model, policy, { seed: 1, dfixed: { updateEvery: 10, maxOverflowRate: 1e-4 } })
 */
export interface ApplyPolicyOptions {
  /** Run seed: each layer's quantizer seeds derive from it and the layer name (default: keep the layer's seed). */
  seed?: number;
  /** DFXP range-update settings for `dfixed` roles. */
  dfixed?: DfixedOptions;
}

/**
 * One row of the report of `applyPolicy`: a layer and the roles it got.
 * @example
 * for (const r of applyPolicy(model, policy)) console.log(r.layer, r.roles);
 */
export interface AppliedLayerReport {
  layer: string;
  type: string;
  roles: string[];
}

/**
 * Sets every quantized layer's precision from a policy (compiled once by `compilePolicy`; rules matched by name,
 * glob or class name), replacing its quantizers and format states. Other layers are left alone. Call it before
 * building an optimizer's parameter bindings (`bindParams`), which capture the quantizers.
 * @returns which roles each quantized layer got, in layer order.
 * @example applyPolicy(model, { default: { weight: { format: 'dfixed(w=10)' } } }, { seed: 1 })
 */
export function applyPolicy(model: tf.LayersModel, policy: PolicySpec | CompiledPolicy, options: ApplyPolicyOptions = {}): AppliedLayerReport[] {
  const compiled = compilePolicy(policy);
  const report: AppliedLayerReport[] = [];
  for (const layer of model.layers) {
    if (!isQuantizedLayer(layer)) continue;
    const type = layer.getClassName();
    const precision = compiled.rolesFor(layer.name, type);
    layer.reconfigure({
      precision,
      quantState: {},
      ...(options.seed !== undefined ? { seed: deriveSeed(options.seed, layer.name) } : {}),
      ...(options.dfixed ? { dfixed: options.dfixed } : {}),
    });
    report.push({ layer: layer.name, type, roles: Object.keys(rolesToJSON(precision)) });
  }
  return report;
}
