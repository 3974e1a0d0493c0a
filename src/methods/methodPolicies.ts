import type { PolicySpec, RoleQuantSpec } from '../policy/policySpec.js';
import { formatToString } from '../../simulators/formats/parseFormat.js';
import { qnnLinearFormat } from './qnnQuantizers.js';

/**
 * The binary/ternary methods lowbit reproduces (methods.md §2–6).
 * @example
 * methodPolicy('binaryNet' satisfies MethodId)
 */
export type MethodId = 'binaryConnect' | 'lin2015' | 'binaryNet' | 'qnn' | 'bnnPlus';

/**
 * Every method id.
 * @example
 * METHOD_IDS.map((m) => [m, methodPolicy(m)])
 */
export const METHOD_IDS: readonly MethodId[] = ['binaryConnect', 'lin2015', 'binaryNet', 'qnn', 'bnnPlus'];

/**
 * Options of `methodPolicy` (each applies to the methods named).
 * @example
 * methodPolicy('qnn', { weightBits: 1, activationBits: 2, gradientBits: 6 })
 */
export interface MethodPolicyOptions {
  /** binaryConnect, lin2015: stochastic binarization/ternarization (`sr`) instead of the sign (default false; lin2015 default true). */
  stochastic?: boolean;
  /** lin2015: ternary connect instead of binary connect. */
  ternary?: boolean;
  /** qnn: weight bits (1 = binary; default 1). */
  weightBits?: number;
  /** qnn: activation bits (1 = binary; default 2). */
  activationBits?: number;
  /** qnn: gradient bits (default 6), as `dfixed(w=G)` with `sr` per parameter tensor. */
  gradientBits?: number;
  /** bnnPlus: SwishSign β (default 5). */
  beta?: number;
}

/** The roles on every batch-norm output of lowbit's `buildModel` (`bn_i`, `conv_bn_i`). */
const BN_NAMES = ['bn_*', 'conv_bn_*'];
const KERNEL_TYPES = ['QDense', 'QConv2D'];

function rules(weight: RoleQuantSpec, activation?: RoleQuantSpec): NonNullable<PolicySpec['rules']> {
  const out: NonNullable<PolicySpec['rules']> = KERNEL_TYPES.map((type) => ({ match: { type }, roles: { weight } }));
  if (activation) for (const name of BN_NAMES) out.push({ match: { name }, roles: { activation } });
  return out;
}

function bits(name: string, v: number | undefined, dflt: number, max: number): number {
  const b = v ?? dflt;
  if (!Number.isInteger(b) || b < 1 || b > max) throw new RangeError(`methodPolicy: ${name} must be an integer in 1..${max}; got ${v}`);
  return b;
}

/**
 * The precision policy of a method, for the layer names of lowbit's `buildModel` (weights on every QDense/QConv2D,
 * activations on the batch-norm outputs `bn_*`/`conv_bn_*`):
 *
 * | method          | weight                                  | activation (after BN)              | gradient        |
 * |-----------------|-----------------------------------------|------------------------------------|-----------------|
 * | `binaryConnect` | binary, `rne` or `sr` (hard sigmoid), STE | float32                          | float32         |
 * | `lin2015`       | binary or ternary(scale=1), `sr`         | float32                            | float32 (QBP is a layer option) |
 * | `binaryNet`     | binary `rne`, STE                        | binary `rne`, clipped STE 1{|x|≤1} | float32         |
 * | `qnn`           | binary or fixed(w=k,f=k−1)               | binary or fixed(w=k,f=k−1), clipped STE | dfixed(w=G) `sr` |
 * | `bnnPlus`       | binary `rne`, STE                        | binary, SwishSign(β)               | float32         |
 *
 * The parts that are not roles (squared hinge loss, Glorot LR scale, weight clipping, shift BN and AdaMax, QBP,
 * 8-bit input, BNN+ regularizer) are set in the training config (docs/binary.md).
 * @throws RangeError for an unknown method or bad bit widths.
 * @example methodPolicy('binaryNet').rules!.length // 4
 */
export function methodPolicy(method: MethodId, options: MethodPolicyOptions = {}): PolicySpec {
  const sign: RoleQuantSpec = { format: 'binary', rounding: 'rne', backward: 'identity' };
  switch (method) {
    case 'binaryConnect':
      return { rules: rules({ ...sign, rounding: options.stochastic ? 'sr' : 'rne' }) };
    case 'lin2015': {
      const rounding = options.stochastic === false ? 'rne' : 'sr';
      return { rules: rules({ format: options.ternary ? 'ternary(threshold=0.5,scale=1)' : 'binary', rounding, backward: 'identity' }) };
    }
    case 'binaryNet':
      return { rules: rules(sign, { format: 'binary', rounding: 'rne', backward: 'clipped' }) };
    case 'bnnPlus':
      return { rules: rules(sign, { format: 'binary', rounding: 'rne', backward: `swishSign(beta=${options.beta ?? 5})` }) };
    case 'qnn': {
      const wb = bits('weightBits', options.weightBits, 1, 24);
      const ab = bits('activationBits', options.activationBits, 2, 24);
      const gb = bits('gradientBits', options.gradientBits, 6, 24);
      const fmt = (b: number) => (b === 1 ? 'binary' : formatToString(qnnLinearFormat(b)));
      return {
        default: { gradient: { format: `dfixed(w=${gb})`, rounding: 'sr' } },
        rules: rules({ format: fmt(wb), rounding: 'rne', backward: 'identity' }, { format: fmt(ab), rounding: 'rne', backward: 'clipped' }),
      };
    }
    default:
      throw new RangeError(`methodPolicy: method must be one of ${METHOD_IDS.join(', ')}; got ${JSON.stringify(method)}`);
  }
}
