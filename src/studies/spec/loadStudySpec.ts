/**
 * Reads and validates a study spec file. `base` may be an object or a path to a training config JSON file,
 * relative to the study file (e.g. `"base": "../examples/mnist-mlp.json"`); so may `cost.model` (a user cost model,
 * docs/cost.md). Both are inlined into the returned spec.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { validateStudySpec, type StudySpec } from './studySpec.js';

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new RangeError(`${what}: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new RangeError(`${what}: ${file} is not valid JSON: ${(e as Error).message}`);
  }
}

/**
 * Reads and validates a study spec file.
 * @throws RangeError naming the file or the JSON path of the first problem.
 * @example loadStudySpec('experiments/studies/default.json').grid.length
 */
export function loadStudySpec(file: string): StudySpec {
  const json = readJson(file, 'FILE');
  if (json !== null && typeof json === 'object' && typeof (json as { base?: unknown }).base === 'string') {
    const baseFile = resolve(dirname(file), (json as { base: string }).base);
    (json as { base: unknown }).base = readJson(baseFile, 'base');
  }
  // a user cost model given as a file path travels inlined (queue workers and Slurm tasks need no file of it)
  const cost = (json as { cost?: unknown } | null)?.cost;
  if (cost !== null && typeof cost === 'object' && typeof (cost as { model?: unknown }).model === 'string' && /\.json$/i.test((cost as { model: string }).model)) {
    (cost as { model: unknown }).model = readJson(resolve(dirname(file), (cost as { model: string }).model), 'cost.model');
  }
  return validateStudySpec(json);
}
