import { CliUsageError } from './cliError.js';

/** The values of `--backend` and LOWBIT_BACKEND (the same list as `initBackend`'s `BackendPreference`). */
export const BACKEND_CHOICES = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

const isChoice = (v: unknown): v is BackendChoice => typeof v === 'string' && (BACKEND_CHOICES as readonly string[]).includes(v);

/**
 * Checks a backend given on the command line (`flag`) and the LOWBIT_BACKEND environment variable before any
 * work, so a typo is a usage error (exit 2) rather than a failed run. Returns the flag's value, or undefined.
 * @example const pref = backendOption(o.backend, '--backend')
 */
export function backendOption(value: unknown, flag: string): BackendChoice | undefined {
  const env = process.env.LOWBIT_BACKEND;
  if (env !== undefined && env !== '' && !isChoice(env)) {
    throw new CliUsageError(`environment variable LOWBIT_BACKEND must be one of ${BACKEND_CHOICES.join(', ')}; got ${JSON.stringify(env)}`);
  }
  if (value === undefined) return undefined;
  if (!isChoice(value)) throw new CliUsageError(`${flag}: must be one of ${BACKEND_CHOICES.join(', ')}; got ${JSON.stringify(value)}`);
  return value;
}

/** A backend name read from a file (run.json, a model file): kept only when it is a concrete backend. */
export function recordedBackend(value: unknown): Exclude<BackendChoice, 'auto'> | undefined {
  return value === 'tensorflow' || value === 'wasm' || value === 'cpu' ? value : undefined;
}
