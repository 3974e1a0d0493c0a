import { existsSync, readFileSync, statSync } from 'node:fs';

/**
 * Reads a model topology from a JSON file: a `model.json` written by `model.save()` / tfjs-converter
 * (`{modelTopology, weightsManifest}`), or a bare topology `{class_name, config}`. Weights are never read.
 * @throws RangeError when the file is missing, unreadable or not JSON.
 * @example profileModel(readModelFile('runs/mnist/model/model.json'))
 */
export function readModelFile(path: string): unknown {
  if (typeof path !== 'string' || !existsSync(path) || !statSync(path).isFile()) {
    throw new RangeError(`readModelFile: ${JSON.stringify(path)} is not a readable file`);
  }
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new RangeError(`readModelFile: ${path} is not valid JSON: ${(e as Error).message}`);
  }
}
