import * as tf from '@tensorflow/tfjs';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { atomicWrite } from './atomicWrite.js';
import { checkManifestPaths } from './manifestPaths.js';

/**
 * Options of {@link fileSystemHandler}.
 * @example
 * await model.save(fileSystemHandler('runs/x/model', { root: 'runs/x' }))
 */
export interface FileSystemHandlerOptions {
  /** The run folder `dir` belongs to: no folder between it and the files may be a symlink (see `atomicWrite`). */
  root?: string;
}

/** File names inside a saved-model folder (the layout of tfjs-node's `file://` handler). */
export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';

/**
 * A tf.io handler that saves and loads a LayersModel in a folder with `node:fs`, without tfjs-node:
 * `model.json` (topology, weights manifest, `userDefinedMetadata`) and `weights.bin` (all weights, concatenated
 * in manifest order). Each file is written atomically (temporary file + rename) and never through a symlink.
 * On load, every `weightsManifest` path must resolve inside `dir` (`resolveInside`): a model.json naming
 * `../../etc/hostname` is refused with an `UnsafePathError` before anything is opened.
 * @example await model.save(fileSystemHandler('runs/x/model')); const m = await tf.loadLayersModel(fileSystemHandler('runs/x/model'))
 */
export function fileSystemHandler(dir: string, options: FileSystemHandlerOptions = {}): tf.io.IOHandler {
  if (typeof dir !== 'string' || dir === '') throw new TypeError(`fileSystemHandler: dir must be a non-empty path string; got ${JSON.stringify(dir)}`);
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer) {
        throw new TypeError('fileSystemHandler.save: binary model topologies (GraphModel protobuf) are not supported');
      }
      const weights = artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
      const json: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology ?? {},
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }],
        ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
        ...(artifacts.userDefinedMetadata ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
      };
      const root = options.root ?? dir;
      atomicWrite(join(dir, WEIGHTS_BIN), new Uint8Array(weights), { root });
      atomicWrite(join(dir, MODEL_JSON), JSON.stringify(json), { root });
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
    async load(): Promise<tf.io.ModelArtifacts> {
      const path = join(dir, MODEL_JSON);
      if (!existsSync(path)) throw new RangeError(`fileSystemHandler.load: no ${MODEL_JSON} in ${JSON.stringify(dir)}`);
      let json: tf.io.ModelJSON;
      try {
        json = JSON.parse(readFileSync(path, 'utf8')) as tf.io.ModelJSON;
      } catch (e) {
        throw new RangeError(`fileSystemHandler.load: ${path} is not valid JSON: ${(e as Error).message}`);
      }
      const files = checkManifestPaths(json, path);
      const specs = json.weightsManifest.flatMap((g) => g.weights);
      const parts = files.map((file) => {
        const b = readFileSync(file);
        return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
      });
      return {
        modelTopology: json.modelTopology,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        weightSpecs: specs,
        weightData: tf.io.CompositeArrayBuffer.join(parts),
        ...(json.trainingConfig ? { trainingConfig: json.trainingConfig } : {}),
        ...(json.userDefinedMetadata ? { userDefinedMetadata: json.userDefinedMetadata } : {}),
      };
    },
  };
}

