import { existsSync, readFileSync, statSync } from 'node:fs';
import { checkManifestPaths } from '../io/manifestPaths.js';

/**
 * Reads a model topology from a JSON file: a `model.json` written by `model.save()` / tfjs-converter
 * (`{modelTopology, weightsManifest}`), or a bare topology `{class_name, config}`. Weights are never read.
 * A `weightsManifest`, when present, must name files inside the model.json's folder (never opened here, but a
 * model file that points elsewhere is refused, as everywhere lowbit reads model files).
 * @throws RangeError when the file is missing, unreadable or not JSON, or its manifest leaves its folder.
 * @example profileModel(readModelFile('runs/mnist/model/model.json'))
 */
export function readModelFile(path: string): unknown {
  if (typeof path !== 'string' || !existsSync(path) || !statSync(path).isFile()) {
    throw new RangeError(`readModelFile: ${JSON.stringify(path)} is not a readable file`);
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new RangeError(`readModelFile: ${path} is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof json === 'object' && json !== null && 'weightsManifest' in json) checkManifestPaths(json, path);
  return json;
}
