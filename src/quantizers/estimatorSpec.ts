/**
 * Ids of the straight-through estimators (the backward pass of a quantizer); formulas in `estimators.ts`.
 * @example
 * quantizeTensor(x, 'binary', { backward: 'swishSign' satisfies EstimatorId })
 */
export type EstimatorId = 'identity' | 'clipped' | 'approxSign' | 'swishSign';

/**
 * A straight-through estimator as JSON-able data; `beta` is SwishSign's β (default 5, larq's default).
 * @example
 * const ss: EstimatorSpec = parseEstimator('swishSign(beta=10)'); // { kind: 'swishSign', beta: 10 }
 */
export interface EstimatorSpec {
  kind: EstimatorId;
  beta?: number;
}

/**
 * Every estimator id, in documentation order.
 * @example
 * ESTIMATOR_IDS // ['identity', 'clipped', 'approxSign', 'swishSign']
 */
export const ESTIMATOR_IDS: readonly EstimatorId[] = ['identity', 'clipped', 'approxSign', 'swishSign'];

/**
 * Parses an estimator: an id, `swishSign(beta=B)`, or an `EstimatorSpec` object.
 * @throws RangeError naming the value and the known ids.
 * @example parseEstimator('swishSign(beta=10)') // { kind: 'swishSign', beta: 10 }
 */
export function parseEstimator(x: string | EstimatorSpec, where = 'estimator'): EstimatorSpec {
  if (typeof x === 'object' && x !== null) {
    const extra = Object.keys(x).filter((k) => k !== 'kind' && k !== 'beta');
    if (extra.length) throw new RangeError(`${where}: unknown key '${extra[0]}'; allowed: kind, beta`);
    return checkSpec(x.kind, x.beta, where, JSON.stringify(x));
  }
  if (typeof x !== 'string') throw new RangeError(`${where}: must be a string or {kind, beta}; got ${JSON.stringify(x)}`);
  const m = /^\s*([A-Za-z]+)\s*(?:\(\s*beta\s*=\s*([^)\s]+)\s*\))?\s*$/.exec(x);
  if (!m) throw new RangeError(`${where}: cannot parse ${JSON.stringify(x)}; expected one of ${ESTIMATOR_IDS.join(', ')} or swishSign(beta=B)`);
  return checkSpec(m[1], m[2] === undefined ? undefined : Number(m[2]), where, JSON.stringify(x));
}

function checkSpec(kind: unknown, beta: unknown, where: string, shown: string): EstimatorSpec {
  if (typeof kind !== 'string' || !(ESTIMATOR_IDS as readonly string[]).includes(kind)) {
    throw new RangeError(`${where}: unknown estimator ${shown}; known: ${ESTIMATOR_IDS.join(', ')}`);
  }
  if (beta === undefined) return kind === 'swishSign' ? { kind, beta: 5 } : { kind: kind as EstimatorId };
  if (kind !== 'swishSign') throw new RangeError(`${where}: only swishSign takes beta; got ${shown}`);
  if (typeof beta !== 'number' || !Number.isFinite(beta) || beta <= 0) {
    throw new RangeError(`${where}: beta must be a finite number > 0; got ${shown}`);
  }
  return { kind, beta };
}

/**
 * The canonical text of an estimator (`swishSign(beta=5)`), which `parseEstimator` reads back.
 * @example
 * estimatorToString({ kind: 'swishSign' }) // 'swishSign(beta=5)'
 */
export function estimatorToString(spec: EstimatorSpec): string {
  return spec.kind === 'swishSign' ? `swishSign(beta=${spec.beta ?? 5})` : spec.kind;
}

