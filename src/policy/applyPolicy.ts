import type * as tf from '@tensorflow/tfjs';
import { isQuantizedLayer } from '../layers/_internal/layerQuant.js';
import type { DfixedOptions } from '../quantizers/roleQuantizer.js';
import { deriveSeed } from '../quantizers/deriveSeed.js';
import type { PolicySpec } from './policySpec.js';
import { resolveLayerRoles, validatePolicy } from './resolvePolicy.js';

/** Options of `applyPolicy`. */
export interface ApplyPolicyOptions {
  /** Run seed: each layer's quantizer seeds derive from it and the layer name (default: keep the layer's seed). */
  seed?: number;
  /** DFXP range-update settings for `dfixed` roles. */
  dfixed?: DfixedOptions;
}

/** One row of the report of `applyPolicy`: a layer and the roles it got. */
export interface AppliedLayerReport {
  layer: string;
  type: string;
  roles: string[];
}

/**
 * Sets every lowbit layer's precision from a policy (rules matched by name, glob or class name; see
 * `resolveLayerRoles`), replacing its quantizers and DFXP states. Non-lowbit layers are left alone. Call it before
 * building an optimizer's parameter bindings (`bindParams`), which capture the quantizers.
 * @returns which roles each lowbit layer got, in layer order.
 * @example applyPolicy(model, { default: { weight: { format: 'dfixed(w=10)' } } }, { seed: 1 })
 */
export function applyPolicy(model: tf.LayersModel, policy: PolicySpec, options: ApplyPolicyOptions = {}): AppliedLayerReport[] {
  const checked = validatePolicy(policy);
  const report: AppliedLayerReport[] = [];
  for (const layer of model.layers) {
    if (!isQuantizedLayer(layer)) continue;
    const type = layer.getClassName();
    const precision = resolveLayerRoles(checked, layer.name, type);
    layer.quant.configure({
      precision,
      quantState: {},
      ...(options.seed !== undefined ? { seed: deriveSeed(options.seed, layer.name) } : {}),
      ...(options.dfixed ? { dfixed: options.dfixed } : {}),
    });
    report.push({ layer: layer.name, type, roles: Object.keys(precision) });
  }
  return report;
}
