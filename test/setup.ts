import fc from 'fast-check';

/** Fixed fast-check seed: every property run is reproducible (fast-check's vitest.setup convention). */
export const DEFAULT_SEED = 20141224;
const envSeed = process.env.FC_SEED;
if (process.env.CI && envSeed !== undefined && !/^-?\d+$/.test(envSeed)) {
  throw new Error(`FC_SEED must be an integer under CI, got ${JSON.stringify(envSeed)}`);
}
fc.configureGlobal({ seed: envSeed ? Number(envSeed) : DEFAULT_SEED, numRuns: 1000 });
