/**
 * The SAL study's base config (small on purpose: the machine is shared). τ follows the official CIFAR setting
 * (τ_0 = 20, τ_final = 70, `eghouti/SAL` main.py), spread over this run's iterations.
 */
export const SAL_BASE = {
  backend: 'wasm' as const,
  seed: 1,
  trainSize: 6000,
  testSize: 2000,
  epochs: 4,
  batchSize: 50,
  lr: 1e-3,
  filters: [16, 32, 64] as [number, number, number],
  tau0: 20,
  tauFinal: 70,
};
