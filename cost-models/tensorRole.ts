/**
 * The tensor roles of lowbit's precision policy: which tensor of a layer a format applies to. One leaf module
 * (no imports), shared by the policy and the layers (src/) and by the op trace of the cost models, so the
 * vocabulary is written once. The names follow QPyTorch's `weight/activation/error/gradient/momentum/accumulator`
 * (`lp_train/train.py`, `OptimLP`), plus `bias` and Courbariaux et al.'s "update precision" (`update`, the stored
 * parameter after an update).
 *
 * | role          | tensor                                                     | applied by            |
 * |---------------|------------------------------------------------------------|-----------------------|
 * | `weight`      | kernel (BatchNorm: γ) as the forward and backward passes use it | layer, forward   |
 * | `bias`        | bias (BatchNorm: β) as the forward pass uses it             | layer, forward        |
 * | `activation`  | layer output, after its activation function                | layer, forward        |
 * | `error`       | dL/d(output), the back-propagated error                    | layer, backward       |
 * | `gradient`    | dL/dW and dL/db before the optimizer sees them             | optimizer             |
 * | `momentum`    | every optimizer state slot after its update                | optimizer             |
 * | `update`      | the stored parameter after each update                     | optimizer             |
 * | `accumulator` | the running sums of the layer's dot products               | layer (matmul path)   |
 * @example TENSOR_ROLES.includes('weight') // true
 */
export type TensorRole = 'weight' | 'bias' | 'activation' | 'error' | 'gradient' | 'momentum' | 'update' | 'accumulator';

/**
 * Every tensor role, in the order of the table above.
 * @example
 * TENSOR_ROLES.includes('momentum') // true
 */
export const TENSOR_ROLES: readonly TensorRole[] = ['weight', 'bias', 'activation', 'error', 'gradient', 'momentum', 'update', 'accumulator'];

/** Roles whose quantizer sits on the forward pass of a tensor and so has a straight-through estimator. */
export const FORWARD_ROLES: readonly TensorRole[] = ['weight', 'bias', 'activation'];

/** Roles the optimizer applies, per parameter (and per state slot for `momentum`). */
export const OPTIMIZER_ROLES: readonly TensorRole[] = ['gradient', 'momentum', 'update'];
