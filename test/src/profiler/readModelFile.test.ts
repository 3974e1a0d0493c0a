import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { profileModel } from '../../../src/profiler/profileModel.js';
import { readModelFile } from '../../../src/profiler/readModelFile.js';

describe('readModelFile', () => {
  it('reads a saved model.json (topology only; weights are never read)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lowbit-cost-'));
    const m = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 3 })] });
    await m.save(tf.io.withSaveHandler(async (artifacts) => {
      writeFileSync(join(dir, 'model.json'), JSON.stringify({ format: 'layers-model', modelTopology: artifacts.modelTopology, weightsManifest: [] }));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    m.dispose();
    const t = profileModel(readModelFile(join(dir, 'model.json')));
    expect(t.layers.map((l) => l.params)).toEqual([0, 15]);
  });

  it('rejects a missing file or bad JSON', () => {
    expect(() => readModelFile('/no/such/model.json')).toThrow('readModelFile: "/no/such/model.json" is not a readable file');
    const dir = mkdtempSync(join(tmpdir(), 'lowbit-cost-'));
    writeFileSync(join(dir, 'bad.json'), '{ nope');
    expect(() => readModelFile(join(dir, 'bad.json'))).toThrow(/^readModelFile: .*bad\.json is not valid JSON: /);
  });
});
