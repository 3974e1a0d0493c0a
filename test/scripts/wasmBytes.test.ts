import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileWat, WASM_SOURCES } from '../../scripts/compileWat.js';

const root = new URL('../../', import.meta.url);

describe('committed WebAssembly bytes', () => {
  for (const [wat, ts, constant] of WASM_SOURCES) {
    it(`${ts} holds the compiled ${wat} (regenerate with scripts/buildWasm.ts)`, async () => {
      const bytes = await compileWat(readFileSync(new URL(wat, root), 'utf8'));
      const mod = (await import(new URL(ts.replace(/\.ts$/, '.js'), root).href)) as Record<string, string>;
      expect(Buffer.from(mod[constant]!, 'base64')).toEqual(Buffer.from(bytes));
    });
  }
});
