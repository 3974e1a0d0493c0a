import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadStudySpec } from '../../../../src/studies/spec/loadStudySpec.js';

const tmp = mkdtempSync(join(tmpdir(), 'lowbit-load-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('loadStudySpec', () => {
  it('reads a spec whose base is a config file relative to the study file', () => {
    mkdirSync(join(tmp, 'configs'));
    writeFileSync(join(tmp, 'configs', 'base.json'), JSON.stringify({ epochs: 2, seed: 1 }));
    mkdirSync(join(tmp, 'studies'));
    writeFileSync(join(tmp, 'studies', 's.json'), JSON.stringify({ name: 's', base: '../configs/base.json', grid: [{ path: 'seed', values: [1] }] }));
    expect(loadStudySpec(join(tmp, 'studies', 's.json')).base).toEqual({ epochs: 2, seed: 1 });
  });
  it('names the file and the problem', () => {
    writeFileSync(join(tmp, 'bad.json'), '{ "name": ');
    expect(() => loadStudySpec(join(tmp, 'bad.json'))).toThrow(/^FILE: .*bad\.json is not valid JSON: /);
    expect(() => loadStudySpec(join(tmp, 'none.json'))).toThrow(/^FILE: cannot read .*none\.json: ENOENT$/);
    writeFileSync(join(tmp, 'nobase.json'), JSON.stringify({ name: 's', base: 'missing.json' }));
    expect(() => loadStudySpec(join(tmp, 'nobase.json'))).toThrow(/^base: cannot read .*missing\.json: ENOENT$/);
    writeFileSync(join(tmp, 'badkey.json'), JSON.stringify({ name: 's', base: {}, grid: [], colour: 1 }));
    expect(() => loadStudySpec(join(tmp, 'badkey.json'))).toThrow(/^colour: unknown key/);
  });
});
