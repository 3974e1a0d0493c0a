import { dirname } from 'node:path';
import { resolveInside } from './resolveInside.js';

/**
 * The manifest's weight file paths as written (not resolved), checked for shape: an array of groups, each with a
 * `paths` array of strings and a `weights` array.
 * @throws RangeError naming `file` and the group.
 * @example weightPaths({ weightsManifest: [{ paths: ['weights.bin'], weights: [] }] }, 'model.json') // ['weights.bin']
 */
export function weightPaths(json: unknown, file: string): string[] {
  const m = (json as { weightsManifest?: unknown } | null)?.weightsManifest;
  if (!Array.isArray(m)) throw new RangeError(`${file}: weightsManifest must be an array of {paths, weights} groups`);
  return m.flatMap((g: unknown, i) => {
    const paths = (g as { paths?: unknown } | null)?.paths;
    const weights = (g as { weights?: unknown } | null)?.weights;
    if (!Array.isArray(paths) || !paths.every((p) => typeof p === 'string') || !Array.isArray(weights)) {
      throw new RangeError(`${file}: weightsManifest[${i}] must have a 'paths' array of strings and a 'weights' array`);
    }
    return paths as string[];
  });
}

/**
 * The weight files a model.json names, each resolved inside the model.json's own folder (`resolveInside`).
 * @throws RangeError for a malformed manifest; UnsafePathError for a path that leaves the folder.
 * @example checkManifestPaths(JSON.parse(text), 'runs/x/model/model.json') // ['/abs/runs/x/model/weights.bin']
 */
export function checkManifestPaths(json: unknown, modelJsonPath: string): string[] {
  const dir = dirname(modelJsonPath);
  return weightPaths(json, modelJsonPath).map((p, i) => resolveInside(dir, p, `${modelJsonPath}: weightsManifest path ${i}`));
}
