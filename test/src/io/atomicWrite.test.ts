import { describe, expect, it } from 'vitest';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { atomicWrite } from '../../../src/io/atomicWrite.js';
import { UnsafePathError } from '../../../src/io/unsafePathError.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'lowbit-atomic-'));

describe('atomicWrite', () => {
  it('writes the bytes and leaves no temporary file', () => {
    const dir = tmp();
    atomicWrite(join(dir, 'a', 'b', 'x.json'), '{"a":1}\n', { root: dir });
    atomicWrite(join(dir, 'y.bin'), new Uint8Array([1, 2, 3]));
    expect(readFileSync(join(dir, 'a', 'b', 'x.json'), 'utf8')).toBe('{"a":1}\n');
    expect([...readFileSync(join(dir, 'y.bin'))]).toEqual([1, 2, 3]);
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['x.json']);
  });

  it('regression: a symlink planted at the target file is replaced, its target never written', () => {
    const dir = tmp();
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'precious');
    mkdirSync(join(dir, 'run'));
    symlinkSync(victim, join(dir, 'run', 'run.json'));
    atomicWrite(join(dir, 'run', 'run.json'), 'record', { root: join(dir, 'run') });
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(lstatSync(join(dir, 'run', 'run.json')).isSymbolicLink()).toBe(false);
    expect(readFileSync(join(dir, 'run', 'run.json'), 'utf8')).toBe('record');
  });

  it('regression: a symlinked folder planted in a run folder is refused, nothing is written through it', () => {
    const dir = tmp();
    const elsewhere = join(dir, 'elsewhere');
    mkdirSync(elsewhere);
    mkdirSync(join(dir, 'run'));
    symlinkSync(elsewhere, join(dir, 'run', 'model'));
    const write = () => atomicWrite(join(dir, 'run', 'model', 'weights.bin'), 'w', { root: join(dir, 'run') });
    expect(write).toThrow(UnsafePathError);
    expect(write).toThrow(/refusing to write through the symlink ".*run\/model"/);
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('a file where a folder should be is refused; a path outside root is refused', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'model'), 'x');
    expect(() => atomicWrite(join(dir, 'model', 'a.json'), 'x', { root: dir })).toThrow(/exists and is not a folder/);
    expect(() => atomicWrite(join(dir, '..', 'a.json'), 'x', { root: dir })).toThrow(/is not inside/);
    expect(existsSync(join(dir, '..', 'a.json'))).toBe(false);
  });

  it('the root itself may be a symlink the user chose', () => {
    const dir = tmp();
    mkdirSync(join(dir, 'disk'));
    symlinkSync(join(dir, 'disk'), join(dir, 'runs'));
    atomicWrite(join(dir, 'runs', 'r', 'run.json'), 'ok', { root: join(dir, 'runs') });
    expect(readFileSync(join(dir, 'disk', 'r', 'run.json'), 'utf8')).toBe('ok');
  });
});
