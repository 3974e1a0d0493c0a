import * as tf from '@tensorflow/tfjs';
import { lowbitKernelsInstalled, registerLowbitKernels, unregisterLowbitKernels } from './registerLowbitKernels.js';

/**
 * Which TF.js backend to start. 'auto' tries tensorflow (tfjs-node), then wasm, then cpu.
 * @example
 * await initBackend('wasm' satisfies BackendPreference)
 */
export type BackendPreference = 'auto' | 'tensorflow' | 'wasm' | 'cpu';

/**
 * The allowed preferences, in the order 'auto' tries the concrete ones.
 * @example
 * BACKEND_PREFERENCES.includes(process.env.LOWBIT_BACKEND as BackendPreference)
 */
export const BACKEND_PREFERENCES: readonly BackendPreference[] = ['auto', 'tensorflow', 'wasm', 'cpu'];

/**
 * What runs: store it with every training result (numbers differ between backends).
 * @example
 * const { name, versions }: BackendInfo = await initBackend();
 * name // 'tensorflow', 'wasm' or 'cpu'
 */
export interface BackendInfo {
  /** The backend that actually runs (`tf.getBackend()` after a successful `setBackend`). */
  name: string;
  /** True only when `@tensorflow/tfjs-node` was loaded in this process (probed by 'auto' and 'tensorflow'). */
  tfjsNodeAvailable: boolean;
  /** True when `name` is 'wasm' and lowbit's wasm kernels are installed. */
  lowbitKernels: boolean;
  /** Package versions: always `tfjs`; `tfjs-backend-wasm` / `tfjs-node` when loaded. */
  versions: { tfjs: string; [pkg: string]: string };
}

/**
 * Options of {@link initBackend}; the loaders are a seam for tests (they replace the dynamic imports).
 * @example
 * await initBackend('auto', { lowbitKernels: false }) // the stock wasm kernels, for comparison
 */
export interface InitBackendOptions {
  /** Install lowbit's wasm kernels when the backend is wasm (default true; false restores the stock kernels). */
  lowbitKernels?: boolean;
  /** Loads tfjs-node (default: dynamic import of '@tensorflow/tfjs-node'). */
  loadTfjsNode?: () => Promise<unknown>;
  /** Loads the wasm backend package (default: dynamic import of '@tensorflow/tfjs-backend-wasm'). */
  loadWasm?: () => Promise<unknown>;
}

/** A string, not a literal specifier: tfjs-node is optional and usually absent, so TypeScript must not resolve it. */
const TFJS_NODE: string = '@tensorflow/tfjs-node';

let current: { key: string; info: BackendInfo; kernels: string } | undefined;
let pending: Promise<BackendInfo> | undefined;

const versionOf = (mod: unknown, field: string): string | undefined => {
  const v = (mod as Record<string, unknown> | undefined)?.[field];
  return typeof v === 'string' ? v : undefined;
};

/** Resolves the argument, else LOWBIT_BACKEND, else 'auto'; rejects anything else with a RangeError. */
function resolvePreference(preference: unknown): BackendPreference {
  const fromEnv = preference === undefined ? process.env.LOWBIT_BACKEND : undefined;
  const value = preference ?? (fromEnv === undefined || fromEnv === '' ? 'auto' : fromEnv);
  if (!BACKEND_PREFERENCES.includes(value as BackendPreference)) {
    const what = preference === undefined ? 'environment variable LOWBIT_BACKEND' : 'initBackend: preference';
    throw new RangeError(`${what} must be one of ${BACKEND_PREFERENCES.map((p) => `'${p}'`).join(', ')}; ` +
      `got ${JSON.stringify(value)}`);
  }
  return value as BackendPreference;
}

/** Activates `name`; true only when `tf.setBackend` reported success (getBackend() can name a failed one). */
async function activate(name: string): Promise<boolean> {
  try {
    if (!(await tf.setBackend(name))) return false;
    await tf.ready();
    return tf.getBackend() === name;
  } catch {
    return false; // e.g. "Backend name 'x' not found in registry"
  }
}

/** The module loader of a concrete backend (cpu ships inside @tensorflow/tfjs). */
function loaderFor(name: Exclude<BackendPreference, 'auto'>, opts: InitBackendOptions): () => Promise<unknown> {
  if (name === 'tensorflow') return opts.loadTfjsNode ?? (() => import(TFJS_NODE));
  if (name === 'wasm') return opts.loadWasm ?? (() => import('@tensorflow/tfjs-backend-wasm'));
  return async () => tf;
}

async function start(pref: BackendPreference, opts: InitBackendOptions): Promise<BackendInfo> {
  const versions: BackendInfo['versions'] = { tfjs: tf.version.tfjs };
  const failures: string[] = [];
  let tfjsNodeAvailable = false;
  const order = pref === 'auto' ? (['tensorflow', 'wasm', 'cpu'] as const) : [pref];
  for (const name of order) {
    let mod: unknown;
    try {
      // Catch everything: MODULE_NOT_FOUND when npm dropped tfjs-node, "tfjs_binding.node can not be found"
      // when its install script was skipped, or any native load error.
      mod = await loaderFor(name, opts)();
    } catch (e) {
      failures.push(`${name}: import failed (${(e as Error).message?.split('\n')[0] ?? String(e)})`);
      continue;
    }
    if (name === 'tensorflow') tfjsNodeAvailable = true;
    const v = versionOf(mod, name === 'wasm' ? 'version_wasm' : 'version');
    if (v !== undefined && name !== 'cpu') versions[name === 'wasm' ? 'tfjs-backend-wasm' : 'tfjs-node'] = v;
    if (name === 'wasm') {
      try {
        if (opts.lowbitKernels === false) unregisterLowbitKernels();
        else registerLowbitKernels();
      } catch (e) {
        failures.push(`wasm: kernel registration failed (${(e as Error).message})`);
        continue;
      }
    }
    if (await activate(name)) {
      return { name, tfjsNodeAvailable, lowbitKernels: name === 'wasm' && lowbitKernelsInstalled().length > 0, versions };
    }
    failures.push(`${name}: tf.setBackend('${name}') failed`);
  }
  throw new Error(`initBackend: no backend could start for preference '${pref}': ${failures.join('; ')}`);
}

/**
 * Starts a TF.js backend for lowbit and records it (see {@link activeBackend}). All lowbit code uses the
 * same `@tensorflow/tfjs` module instance, so the choice applies everywhere.
 *
 * | preference | tries | on failure |
 * |---|---|---|
 * | 'auto' (default) | tensorflow (tfjs-node) → wasm → cpu | next in line; throws only if cpu fails too |
 * | 'tensorflow' / 'wasm' / 'cpu' | that one | throws, naming the reason |
 *
 * Without an argument the environment variable `LOWBIT_BACKEND` (auto|tensorflow|wasm|cpu) chooses.
 * On wasm, lowbit's kernels are installed (training CNNs needs them; see `registerLowbitKernels`).
 * Idempotent: a repeated call with the same preference and options returns the recorded info at once.
 * Not modelled: wasm threads (Node runs wasm single-threaded here), webgl.
 * @example const info = await initBackend(); // { name: 'wasm', tfjsNodeAvailable: false, lowbitKernels: true, … }
 */
export async function initBackend(preference?: BackendPreference, options: InitBackendOptions = {}): Promise<BackendInfo> {
  const pref = resolvePreference(preference);
  const key = `${pref}|${options.lowbitKernels !== false}`;
  const custom = options.loadTfjsNode !== undefined || options.loadWasm !== undefined;
  // Concurrent calls queue behind the one in flight, then reuse its result when it fits.
  while (pending !== undefined) await pending.catch(() => undefined);
  if (!custom && current?.key === key && tf.getBackend() === current.info.name &&
    lowbitKernelsInstalled().join() === current.kernels) return { ...current.info };
  const run = start(pref, options);
  pending = run;
  try {
    const info = await run;
    // Results of injected loaders are never reused; a changed kernel set (someone unregistered) re-runs.
    current = { key: custom ? '' : key, info, kernels: lowbitKernelsInstalled().join() };
    return { ...info };
  } finally {
    pending = undefined;
  }
}

/**
 * The backend lowbit runs on now, for storing with results. Reflects a later direct `tf.setBackend` too.
 * Throws if {@link initBackend} was never awaited.
 * @example
 * await initBackend();
 * activeBackend().name // the same info, anywhere later
 */
export function activeBackend(): BackendInfo {
  if (current === undefined) throw new Error('activeBackend: no backend initialised; call `await initBackend()` first');
  const name = tf.getBackend();
  return { ...current.info, name, lowbitKernels: name === 'wasm' && lowbitKernelsInstalled().length > 0 };
}
