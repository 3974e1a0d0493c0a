import { describe, expect, it } from 'vitest';
import { asUsage, CliUsageError, isInputError } from '../../../src/cli/cliError.js';

describe('asUsage / isInputError', () => {
  it('turns what an input check throws into a CliUsageError prefixed with the option', () => {
    expect(() => asUsage('--model', () => { throw new RangeError('bad layer\nmore'); })).toThrow(new CliUsageError('--model: bad layer'));
    const enoent = Object.assign(new Error("ENOENT: no such file or directory, open 'x'"), { code: 'ENOENT' });
    expect(() => asUsage('--config', () => { throw enoent; })).toThrow(CliUsageError);
    expect(() => asUsage('', () => { throw new TypeError('x'); })).toThrow(new CliUsageError('x'));
    // the prefix is not repeated when the message already names the option
    expect(() => asUsage('--run', () => { throw new RangeError('--run: nope'); })).toThrow(new CliUsageError('--run: nope'));
  });

  it('passes anything else through as an internal error, sync and async', async () => {
    const bug = new Error('kernel exploded');
    expect(() => asUsage('--model', () => { throw bug; })).toThrow(bug);
    await expect(asUsage('--model', async () => { throw bug; })).rejects.toBe(bug);
    await expect(asUsage('--model', async () => { throw new RangeError('r'); })).rejects.toThrow(new CliUsageError('--model: r'));
    expect(asUsage('x', () => 42)).toBe(42);
  });

  it('classifies fs path errors and SQLite "not a database" as input; other codes are not', () => {
    expect(isInputError(Object.assign(new Error(), { code: 'EISDIR' }))).toBe(true);
    expect(isInputError(Object.assign(new Error(), { code: 'SQLITE_NOTADB' }))).toBe(true);
    expect(isInputError(Object.assign(new Error(), { code: 'SQLITE_ERROR' }))).toBe(false);
    expect(isInputError(Object.assign(new Error(), { code: 'ENOSPC' }))).toBe(false);
    expect(isInputError(new Error('x'))).toBe(false);
  });
});
